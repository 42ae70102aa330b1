/**
 * Attachment bytes on disk under `<dataDir>/forms/files/<ab>/<sha256>`, content-addressed: the
 * same file sent twice is stored once, and a name can never point outside the folder. Written
 * through a temporary file and a rename, so a reader never sees half a file.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SHA = /^[0-9a-f]{64}$/;

export class FileStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, "forms", "files");
  }

  pathOf(sha: string): string {
    if (!SHA.test(sha)) throw new TypeError("not a sha256");
    return path.join(this.root, sha.slice(0, 2), sha);
  }

  has(sha: string): boolean {
    return fs.existsSync(this.pathOf(sha));
  }

  /** Store the bytes; true when this call created the file (false: it was there already). */
  put(sha: string, bytes: Buffer): boolean {
    const file = this.pathOf(sha);
    if (fs.existsSync(file)) return false;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${crypto.randomBytes(6).toString("hex")}.tmp`;
    fs.writeFileSync(tmp, bytes, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return true;
  }

  read(sha: string): Buffer {
    return fs.readFileSync(this.pathOf(sha));
  }

  remove(sha: string): void {
    fs.rmSync(this.pathOf(sha), { force: true });
  }

  /** Every stored file (tests and maintenance). */
  list(): string[] {
    if (!fs.existsSync(this.root)) return [];
    return fs.readdirSync(this.root).flatMap((d) => fs.readdirSync(path.join(this.root, d)).filter((f) => SHA.test(f)));
  }
}
