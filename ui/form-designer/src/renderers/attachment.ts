/**
 * Client side of the `x-attachment` keyword (docs/forms.md): which files a field takes, how a
 * chosen file becomes the `{ name, content }` the server expects, and a first check of size and
 * type so a user hears about a too-large file before uploading it. The server decides by the
 * file's magic bytes; the browser only knows the name and the MIME type it guesses.
 */
import { ATTACHMENT_TYPES, type AttachmentType } from "../model/types";

export interface AttachmentRule {
  types?: AttachmentType[];
  maxBytes?: number;
}

export interface AttachmentValue {
  name: string;
  content: string;
}

const EXTENSIONS: Record<AttachmentType, string[]> = {
  pdf: [".pdf"],
  png: [".png"],
  jpeg: [".jpg", ".jpeg"],
  gif: [".gif"],
  webp: [".webp"],
};
const MIME: Record<AttachmentType, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

export function allowedTypes(rule: AttachmentRule | undefined): AttachmentType[] {
  return rule?.types?.length ? rule.types : [...ATTACHMENT_TYPES];
}

/** The `accept` attribute of the file input. */
export function acceptOf(rule: AttachmentRule | undefined): string {
  return allowedTypes(rule).flatMap((t) => [...EXTENSIONS[t], MIME[t]]).join(",");
}

/** The type the browser suggests for a file (by MIME type, else by extension), or undefined. */
export function guessType(file: { name: string; type: string }): AttachmentType | undefined {
  const byMime = ATTACHMENT_TYPES.find((t) => MIME[t] === file.type);
  if (byMime) return byMime;
  const lower = file.name.toLowerCase();
  return ATTACHMENT_TYPES.find((t) => EXTENSIONS[t].some((ext) => lower.endsWith(ext)));
}

export type AttachmentProblem = { code: "tooLarge"; max: number } | { code: "typeNotAllowed"; types: AttachmentType[] };

export function checkFile(file: { name: string; type: string; size: number }, rule: AttachmentRule | undefined): AttachmentProblem | null {
  const types = allowedTypes(rule);
  const type = guessType(file);
  if (!type || !types.includes(type)) return { code: "typeNotAllowed", types };
  if (rule?.maxBytes !== undefined && file.size > rule.maxBytes) return { code: "tooLarge", max: rule.maxBytes };
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** Decoded size of base64 content. */
export function base64Bytes(content: string): number {
  const padding = content.endsWith("==") ? 2 : content.endsWith("=") ? 1 : 0;
  return Math.floor((content.length * 3) / 4) - padding;
}

export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? "");
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsDataURL(file);
  });
}
