/** Temporary folders that are always removed, whatever happens inside. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** `parent`: where to make it (default the system's temp folder). */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>, parent: string = os.tmpdir()): Promise<T> {
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, prefix));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
