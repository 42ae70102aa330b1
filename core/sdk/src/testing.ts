/** Test helpers for plugin authors: the same `createTestHost` the host's own tests use, and the small helpers plugin tests repeat. */
export { createTestHost, testDbKinds } from "@anju/kernel/testing";
export type { TestHost, TestHostOptions } from "@anju/kernel/testing";
export { auditCapture, beijing, rejectionOf, userContext } from "./testing-helpers.js";
