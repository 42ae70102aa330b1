/**
 * `POST /api/plugins/packages` over real HTTP on SQLite and MariaDB: the raw .tgz is streamed,
 * verified and installed (or upgraded to); too large, not a tarball, unsigned and a caller
 * without the plugin-manage permission are refused with coded errors; every upload is audited.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedTree, testDbKinds, TREE } from "@anju/kernel/testing";
import { startTestNode, type TestNode } from "../../gateway/test/helpers.js";
import { pack, packagingModule, packagingOf, sign } from "../src/index.js";
import { auditCapture, opensslKeys, pluginCopy, tempDir, withId, withVersion, type KeyPair } from "./helpers.js";

const work = tempDir();
let acme: KeyPair;
let signedV1: string;
let signedV11: string;
let unsigned: string;

beforeAll(async () => {
  acme = opensslKeys(work, "acme");
  signedV1 = path.join(work, "v1.tgz");
  await pack(pluginCopy(), signedV1);
  await sign(signedV1, fs.readFileSync(acme.privateFile));
  unsigned = path.join(work, "unsigned.tgz");
  await pack(pluginCopy(withId("acme-other")), unsigned);
  signedV11 = path.join(work, "v11.tgz");
  await pack(pluginCopy(withVersion("1.1.0")), signedV11);
  await sign(signedV11, fs.readFileSync(acme.privateFile));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const LIMIT = 256 * 1024;
const uploadsDir = path.join(work, "uploads");
const receiving = () => (fs.existsSync(uploadsDir) ? fs.readdirSync(uploadsDir).filter((d) => d.startsWith("anju-upload-")).length : 0);

describe.each(testDbKinds())("package upload over HTTP on %s", (db) => {
  let n: TestNode;
  let audit: ReturnType<typeof auditCapture>;
  beforeAll(async () => {
    audit = auditCapture();
    // Uploads land in this suite's own folder: counting the system temp folder raced other suites' uploads.
    n = await startTestNode(db, {}, [audit.module, packagingModule({ limits: { maxCompressedBytes: LIMIT }, tempDir: uploadsDir })]);
    await seedTree(n.host);
    await packagingOf(n.host).trust.add("acme", acme.publicPem, { userId: "admin" });
  });
  afterAll(async () => { await n?.close(); });
  afterEach(() => { audit.events.length = 0; });

  const upload = (body: Buffer, roles = ["system-admin"]) => n.fetch("/api/plugins/packages?name=acme-hello.tgz", {
    method: "POST", body: new Blob([new Uint8Array(body)]), headers: { "Content-Type": "application/gzip" }, token: n.token(TREE.province, roles, "u-admin"),
  });
  const uploads = () => audit.events.filter((e) => e.action === "plugin.package.upload");

  it("installs a signed package and answers with the plugin, its signature and the upload's digest", async () => {
    const r = await upload(fs.readFileSync(signedV1));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: "acme-hello", version: "1.0.0", action: "installed", installed: ["acme-hello"], signature: { status: "verified", vendor: "acme", fingerprint: acme.fingerprint } });
    const list = await n.fetch("/api/plugins", { token: n.token(TREE.province) });
    expect(list.body.plugins.find((p: { id: string }) => p.id === "acme-hello")).toMatchObject({ state: "installed", signature: { status: "verified", vendor: "acme" } });
    expect(uploads()).toEqual([expect.objectContaining({ object: "acme-hello", result: "success", userId: "u-admin", detail: expect.objectContaining({ name: "acme-hello.tgz", bytes: fs.statSync(signedV1).size, action: "installed", signature: "verified" }) })]);
  });

  it("upgrades when an older version is installed", async () => {
    const r = await upload(fs.readFileSync(signedV11));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: "acme-hello", version: "1.1.0", action: "upgraded" });
  });

  it("refuses an upload over the limit with 413 TARBALL_TOO_LARGE, without reading it whole", async () => {
    const r = await upload(Buffer.concat([fs.readFileSync(signedV1), Buffer.alloc(LIMIT)]));
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: "TARBALL_TOO_LARGE" });
    expect(uploads()).toEqual([expect.objectContaining({ result: "failure", detail: expect.objectContaining({ error: "TARBALL_TOO_LARGE" }) })]);
  });

  it("refuses what is not a gzip tarball (415), an empty body (400) and an unsigned package (422), in the caller's language", async () => {
    const notGzip = await upload(Buffer.from("PK\u0003\u0004 this is a zip"));
    expect(notGzip.status).toBe(415);
    expect(notGzip.body.error.code).toBe("UPLOAD_NOT_TARBALL");
    expect((await upload(Buffer.alloc(0))).body.error.code).toBe("UPLOAD_EMPTY");
    const r = await n.fetch("/api/plugins/packages", {
      method: "POST", body: new Blob([new Uint8Array(fs.readFileSync(unsigned))]), headers: { "Content-Type": "application/gzip", "Accept-Language": "en" }, token: n.token(TREE.province),
    });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: "PACKAGE_UNSIGNED", message: "The package is not signed (.anju/signature.json is missing)" });
  });

  it("a client that goes away mid-upload leaves no temporary file and an audited failure", async () => {
    expect(receiving()).toBe(0);
    const req = http.request(`${n.url}/api/plugins/packages`, {
      method: "POST", headers: { "Content-Type": "application/gzip", "Content-Length": String(LIMIT), Authorization: `Bearer ${n.token(TREE.province)}` },
    });
    req.on("error", () => undefined);
    req.write(fs.readFileSync(signedV1));
    await expect.poll(receiving).toBe(1);
    req.destroy();
    await expect.poll(() => uploads().length, { timeout: 10_000 }).toBe(1);
    expect(uploads()[0]).toMatchObject({ result: "failure", detail: { error: "TARBALL_INVALID" } });
    await expect.poll(receiving).toBe(0);
  });

  it("refuses a caller without the plugin-manage permission (403) and installs nothing", async () => {
    const r = await upload(fs.readFileSync(signedV1), ["jurisdiction-admin"]);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("FORBIDDEN");
  });
});
