/**
 * Writing and reading .tgz packages. Writing is deterministic: members in byte order, mode
 * 0644, a fixed mtime, no owner names, so the same files give the same bytes. Reading is for
 * untrusted input: only regular files and folders under one top folder (`package/`), no `..`, no absolute
 * names, no links of any kind, no duplicate members, and limits on the compressed size, each
 * file, the number of files and everything decompressed (counted as it is inflated, so a
 * zip bomb stops at the limit, not when the disk is full).
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { create, Parser, type ReadEntry } from "tar";
import type { AnjuError } from "@anju/errors";
import { DEFAULT_LIMITS, FIXED_MTIME, TAR_ROOT, type UnpackLimits } from "./constants.js";
import { PackagingErrors } from "./errors.js";

/** Pack `<stage>/package/<file>` for every file in `files` into `out`. */
export async function writeTarball(stage: string, files: string[], out: string): Promise<void> {
  const sorted = [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const f of sorted) fs.chmodSync(path.join(stage, TAR_ROOT, f), 0o644);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  await create({ gzip: { level: 9 }, portable: true, mtime: FIXED_MTIME, cwd: stage, file: out, noDirRecurse: true }, sorted.map((f) => `${TAR_ROOT}/${f}`));
}

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

function unsafe(entry: string, reason: string): AnjuError {
  return PackagingErrors.TARBALL_UNSAFE_ENTRY({ entry, reason });
}

/**
 * `package/a/b.js` → `a/b.js`; refuses anything that could land outside the package folder.
 * Every member must sit under one top folder: `package/` as npm packs, or (`root` null until
 * the first member names it) any single folder, as `tar -czf x.tgz my-plugin` makes it.
 */
function memberPath(raw: string, root: { name: string | null }): string | null {
  if (raw.includes("\0") || raw.includes("\\")) throw unsafe(raw, "名称含非法字符 / illegal character in name");
  if (raw.startsWith("/") || /^[A-Za-z]:/.test(raw)) throw unsafe(raw, "绝对路径 / absolute path");
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..")) throw unsafe(raw, "路径含 .. / path contains ..");
  if (!parts.length) throw unsafe(raw, "空名称 / empty name");
  root.name ??= parts[0];
  if (parts[0] !== root.name) throw unsafe(raw, `不在同一个顶层目录 ${root.name}/ 下 / not under the one top folder ${root.name}/`);
  return parts.length === 1 ? null : parts.slice(1).join("/");
}

function mib(n: number): string {
  return `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
}

/**
 * Unpack an untrusted .tgz into the empty folder `into` (its `package/` member becomes `into`
 * itself). Returns the files written, relative and sorted.
 */
export async function unpackTarball(file: string, into: string, limits: UnpackLimits = DEFAULT_LIMITS): Promise<string[]> {
  const root = path.resolve(into);
  const size = fs.statSync(file).size;
  if (size > limits.maxCompressedBytes) throw PackagingErrors.TARBALL_TOO_LARGE({ what: `文件 file ${mib(size)}`, limit: mib(limits.maxCompressedBytes) });
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, "r");
  try { fs.readSync(fd, head, 0, 2, 0); } finally { fs.closeSync(fd); }
  if (head[0] !== 0x1f || head[1] !== 0x8b) throw PackagingErrors.TARBALL_INVALID({ reason: "不是 gzip 压缩文件 / not gzip-compressed" });

  const written: string[] = [];
  const pending: Promise<void>[] = [];
  let files = 0;
  let declared = 0;
  let inflated = 0;
  let failure: Error | null = null;
  const root0: { name: string | null } = { name: null };

  return new Promise<string[]>((resolve, reject) => {
    const input = fs.createReadStream(file);
    const gunzip = zlib.createGunzip();
    const parser = new Parser({ strict: true });
    const fail = (err: Error) => {
      if (failure) return;
      failure = err;
      input.destroy();
      gunzip.destroy();
      Promise.allSettled(pending).then(() => reject(err));
    };
    const onEntry = (entry: ReadEntry) => {
      if (failure) { entry.resume(); return; }
      try {
        const rel = memberPath(entry.path, root0);
        if (entry.type === "Directory") {
          if (rel) fs.mkdirSync(path.join(root, rel), { recursive: true });
          entry.resume();
          return;
        }
        if (!FILE_TYPES.has(entry.type)) throw unsafe(entry.path, `不允许的类型 ${entry.type}（只允许普通文件和目录）/ type ${entry.type} not allowed (regular files and folders only)`);
        if (rel === null) throw unsafe(entry.path, "文件须在顶层目录之内 / files must sit inside the top folder");
        if (++files > limits.maxFiles) throw PackagingErrors.TARBALL_TOO_LARGE({ what: `文件数 file count`, limit: String(limits.maxFiles) });
        if (entry.size > limits.maxFileBytes) throw PackagingErrors.TARBALL_TOO_LARGE({ what: `${rel} (${mib(entry.size)})`, limit: mib(limits.maxFileBytes) });
        declared += entry.size;
        if (declared > limits.maxUnpackedBytes) throw PackagingErrors.TARBALL_TOO_LARGE({ what: `解压后 unpacked`, limit: mib(limits.maxUnpackedBytes) });
        const target = path.join(root, rel);
        if (!target.startsWith(root + path.sep)) throw unsafe(entry.path, "路径越界 / path escapes the package");
        fs.mkdirSync(path.dirname(target), { recursive: true });
        let out: fs.WriteStream;
        try {
          // "wx": a second member with the same name is refused, not allowed to overwrite the first.
          out = fs.createWriteStream(target, { flags: "wx", mode: 0o644 });
        } catch {
          throw unsafe(entry.path, "重复的条目 / duplicate entry");
        }
        written.push(rel);
        pending.push(new Promise<void>((done, bad) => {
          out.on("error", (e: NodeJS.ErrnoException) => bad(e.code === "EEXIST" ? unsafe(entry.path, "重复的条目 / duplicate entry") : e));
          out.on("close", () => done());
          entry.pipe(out);
        }).catch((e: Error) => fail(e)));
      } catch (err) {
        entry.resume();
        fail(err as Error);
      }
    };
    parser.on("entry", onEntry);
    parser.on("error", (err: Error) => fail(PackagingErrors.TARBALL_INVALID({ reason: err.message })));
    parser.on("end", () => {
      Promise.all(pending).then(() => {
        if (failure) return;
        resolve(written.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }, () => undefined);
    });
    input.on("error", (err) => fail(PackagingErrors.TARBALL_INVALID({ reason: err.message })));
    gunzip.on("error", (err) => fail(PackagingErrors.TARBALL_INVALID({ reason: `解压失败 / cannot decompress: ${err.message}` })));
    gunzip.on("data", (chunk: Buffer) => {
      inflated += chunk.length;
      // Headers and padding add at most a block per member plus the trailer.
      if (inflated > limits.maxUnpackedBytes + (limits.maxFiles + 4) * 1024) {
        fail(PackagingErrors.TARBALL_TOO_LARGE({ what: "解压后 unpacked", limit: mib(limits.maxUnpackedBytes) }));
        return;
      }
      if (!parser.write(chunk)) {
        gunzip.pause();
        parser.once("drain", () => gunzip.resume());
      }
    });
    gunzip.on("end", () => parser.end());
    input.pipe(gunzip);
  });
}
