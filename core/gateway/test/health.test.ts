import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestNode, type TestNode } from "./helpers.js";

describe("health when the database is down", () => {
  let n: TestNode;
  beforeAll(async () => { n = await startTestNode("sqlite"); });
  afterAll(async () => n?.close());

  it("turns /api/health into 503 once the database is gone", async () => {
    expect((await n.fetch("/api/health")).status).toBe(200);
    await n.host.ds.destroy();
    const r = await n.fetch("/api/health");
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ status: "unavailable", database: false });
  });
});
