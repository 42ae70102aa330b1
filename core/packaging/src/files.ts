/**
 * Which files of a plugin folder go into its package, as npm decides it: the `files` list of
 * package.json when there is one (package.json, README, LICENSE and CHANGELOG always), otherwise
 * everything except the default ignores and the patterns of `.npmignore` (or `.gitignore` when
 * there is no `.npmignore`). node_modules, VCS folders and `.anju/` never go in: the manifest and
 * signature are made fresh. Negated patterns (`!x`) are not supported and are ignored.
 */
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_IGNORES } from "./constants.js";
import { PackagingErrors } from "./errors.js";

const ALWAYS_OUT = new Set(["node_modules", ".git", ".svn", ".hg", ".anju"]);
const ALWAYS_IN = /^(package\.json|readme(\..*)?|licen[cs]e(\..*)?|changelog(\..*)?)$/i;

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") { re += ".*"; i++; if (glob[i + 1] === "/") i++; }
    else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

interface Rule { re: RegExp; anchored: boolean }

function rulesOf(patterns: string[]): Rule[] {
  return patterns
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith("#") && !p.startsWith("!"))
    .map((p) => p.replace(/\/+$/, ""))
    .map((p) => ({ re: globToRegExp(p.replace(/^\//, "")), anchored: p.replace(/^\//, "").includes("/") || p.startsWith("/") }));
}

/** A path (relative, `/`-separated) is ignored when it or any folder above it matches a rule. */
function ignored(rel: string, rules: Rule[]): boolean {
  const parts = rel.split("/");
  for (let i = 0; i < parts.length; i++) {
    const prefix = parts.slice(0, i + 1).join("/");
    for (const r of rules) if (r.re.test(r.anchored ? prefix : parts[i])) return true;
  }
  return false;
}

function readLines(file: string): string[] {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split(/\r?\n/) : [];
}

/** Every regular file under `dir` (relative, `/`-separated); a symbolic link is refused. */
function walk(root: string, rel: string, out: string[], skip: (rel: string) => boolean): void {
  const abs = path.join(root, rel);
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (ALWAYS_OUT.has(entry.name) || skip(child)) continue;
    if (entry.isSymbolicLink()) throw PackagingErrors.PACKAGE_SYMLINK({ file: child });
    if (entry.isDirectory()) walk(root, child, out, skip);
    else if (entry.isFile()) out.push(child);
  }
}

/** The files to pack, sorted (byte order, so the same on every machine). */
export function selectFiles(dir: string, pkg: { files?: unknown }): string[] {
  const defaults = rulesOf(DEFAULT_IGNORES);
  const out: string[] = [];
  if (Array.isArray(pkg.files)) {
    const wanted = rulesOf(pkg.files.filter((f): f is string => typeof f === "string"));
    const all: string[] = [];
    walk(dir, "", all, (rel) => ignored(rel, defaults));
    for (const rel of all) {
      const top = !rel.includes("/");
      // A listed folder brings everything below it, as in npm.
      if ((top && ALWAYS_IN.test(rel)) || wanted.some((w) => rel.split("/").some((_, i, parts) => w.re.test(parts.slice(0, i + 1).join("/"))))) out.push(rel);
    }
  } else {
    const ignoreFile = fs.existsSync(path.join(dir, ".npmignore")) ? ".npmignore" : ".gitignore";
    const rules = [...defaults, ...rulesOf(readLines(path.join(dir, ignoreFile)))];
    walk(dir, "", out, (rel) => ignored(rel, rules));
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
