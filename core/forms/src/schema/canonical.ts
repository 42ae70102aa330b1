/**
 * Canonical JSON (object keys sorted, no whitespace) and its SHA-256: the identity of a schema.
 * Two documents that differ only in key order hash the same, so a plugin upgrade that merely
 * reformats a form does not make a new version, and compiled validators are shared.
 */
import crypto from "node:crypto";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

export function sha256(text: string | Buffer): string {
  return crypto.createHash("sha256").update(text).digest("hex");
}

export function hashOf(...parts: unknown[]): string {
  return sha256(parts.map(canonicalJson).join("\n"));
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
