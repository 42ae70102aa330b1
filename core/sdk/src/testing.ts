/** Test helpers for plugin authors: the same `createTestHost` the host's own tests use. */
export { createTestHost, testDbKinds } from "@anju/kernel/testing";
export type { TestHost, TestHostOptions } from "@anju/kernel/testing";
