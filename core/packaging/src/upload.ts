/**
 * Receiving an uploaded package: the request body is streamed to a temporary file and counted
 * as it arrives; past the limit the upload is refused (413) without storing another byte.
 * Only then is it unpacked (with the untrusted-input checks) and handed to the plugin manager,
 * which verifies the signature before it copies or loads anything.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import semver from "semver";
import type { AnjuHost, Actor, PackageSignature } from "@anju/kernel";
import { readPluginPackage } from "@anju/kernel";
import type { UnpackLimits } from "./constants.js";
import { PackagingErrors } from "./errors.js";
import { unpackTarball } from "./tarball.js";
import { withTempDir } from "./temp.js";

export interface UploadResult {
  id: string;
  version: string;
  action: "installed" | "upgraded";
  /** Plugins installed with it (its requirements first). */
  installed: string[];
  signature: PackageSignature | null;
  bytes: number;
  sha256: string;
}

function mib(n: number): string {
  return `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
}

/**
 * Copy `body` to `file`, refusing it once more than `limit` bytes have come. The rest of an
 * oversized body is read and dropped (up to a few times the limit) so that the client gets
 * the 413 answer instead of a reset connection.
 */
export function receive(body: Readable, file: string, limit: number): Promise<{ bytes: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let failure: Error | null = null;
    const hash = crypto.createHash("sha256");
    const out = fs.createWriteStream(file, { flags: "wx", mode: 0o600 });
    const fail = (err: Error) => { if (!failure) { failure = err; out.destroy(); } };
    out.on("error", (err) => fail(PackagingErrors.TARBALL_INVALID({ reason: err.message })));
    body.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (failure) {
        if (bytes > limit * 4) body.destroy();
        return;
      }
      if (bytes > limit) {
        fail(PackagingErrors.TARBALL_TOO_LARGE({ what: `上传 upload > ${mib(limit)}`, limit: mib(limit) }));
        return;
      }
      hash.update(chunk);
      if (!out.write(chunk)) {
        body.pause();
        out.once("drain", () => body.resume());
      }
    });
    body.on("error", (err) => fail(PackagingErrors.TARBALL_INVALID({ reason: `上传中断 / upload interrupted: ${err.message}` })));
    let ended = false;
    // A client that goes away mid-upload closes the stream without ending it.
    body.on("close", () => {
      if (failure) reject(failure);
      else if (!ended) { fail(PackagingErrors.TARBALL_INVALID({ reason: "上传中断 / upload interrupted" })); reject(failure!); }
    });
    body.on("end", () => {
      ended = true;
      if (failure) { reject(failure); return; }
      out.end(() => (failure ? reject(failure) : resolve({ bytes, sha256: hash.digest("hex") })));
    });
  });
}

/** Receive, unpack, verify and install (or upgrade to) the uploaded package. */
export async function installUpload(host: AnjuHost, body: Readable, limits: UnpackLimits, actor: Actor, tempDir?: string): Promise<UploadResult> {
  return withTempDir("anju-upload-", async (tmp) => {
    const file = path.join(tmp, "upload.tgz");
    const { bytes, sha256 } = await receive(body, file, limits.maxCompressedBytes);
    if (bytes === 0) throw PackagingErrors.UPLOAD_EMPTY();
    const head = Buffer.alloc(2);
    const fd = fs.openSync(file, "r");
    try { fs.readSync(fd, head, 0, 2, 0); } finally { fs.closeSync(fd); }
    if (head[0] !== 0x1f || head[1] !== 0x8b) throw PackagingErrors.UPLOAD_NOT_TARBALL({ reason: "不是 gzip 压缩文件 / not gzip-compressed" });
    const dir = path.join(tmp, "package");
    fs.mkdirSync(dir);
    await unpackTarball(file, dir, limits);
    let pkg;
    try {
      pkg = readPluginPackage(dir);
    } catch (err) {
      throw PackagingErrors.UPLOAD_NOT_TARBALL({ reason: (err as Error).message });
    }
    const { id, version } = pkg.manifest;
    const current = (await host.plugins.installedRows()).get(id);
    let action: UploadResult["action"] = "installed";
    let installed: string[] = [];
    if (current?.state === "installed" && semver.valid(current.version) && semver.gt(version, current.version)) {
      await host.plugins.upgrade(id, dir, actor);
      action = "upgraded";
    } else {
      installed = (await host.plugins.installFromDir(dir, actor)).installed;
    }
    const info = (await host.plugins.list()).find((p) => p.id === id);
    return { id, version, action, installed, signature: info?.signature ?? null, bytes, sha256 };
  }, tempDir);
}
