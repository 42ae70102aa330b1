import http from "node:http";
import { PassThrough, pipeline } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { quietClientClose } from "../src/gateway.service.js";

/**
 * The live-alarm page holds a streamed response open; a person leaving the page ends it early.
 * That must not log a WARN each time (it buried real warnings), while a real stream fault still does.
 */
describe("streamed responses", () => {
  it("logs nothing when the client goes away mid-stream, and still logs other stream errors", async () => {
    const warn = vi.fn();
    const quiet = quietClientClose(warn);
    const codes: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => { done = r; });
    const server = http.createServer((_req, res) => {
      const body = new PassThrough();
      body.write("retry: 3000\n\n");
      // What moleculer-web does with a stream an action returns.
      pipeline(body, res, (err) => {
        codes.push((err as { code?: string } | null)?.code ?? "none");
        if (err) quiet("Stream got an error.", { err, url: "/api/devices/alarms/stream" });
        done();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    const abort = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/`, { signal: abort.signal });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("retry: 3000");
    abort.abort();
    await finished;
    server.close();
    expect(codes).toEqual(["ERR_STREAM_PREMATURE_CLOSE"]);
    expect(warn).not.toHaveBeenCalled();

    const fault = Object.assign(new Error("disk gone"), { code: "EIO" });
    quiet("Stream got an error.", { err: fault });
    quiet("something else", { err: { code: "ERR_STREAM_PREMATURE_CLOSE" } });
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
