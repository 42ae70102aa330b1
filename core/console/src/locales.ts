/**
 * A plugin's `locales/zh-CN.json` and `locales/en.json` (field labels and enum names its pages
 * refer to by key). Read once per package folder and version; a missing or broken file is
 * simply absent (the console then shows the keys' last segment).
 */
import fs from "node:fs";
import path from "node:path";

type Messages = Partial<Record<"zh-CN" | "en", Record<string, unknown>>>;

const cache = new Map<string, Messages>();

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function pluginMessages(dir: string, version: string): Messages {
  const key = `${dir}\u0000${version}`;
  let found = cache.get(key);
  if (!found) {
    found = {};
    for (const lang of ["zh-CN", "en"] as const) {
      const messages = readJson(path.join(dir, "locales", `${lang}.json`));
      if (messages) found[lang] = messages;
    }
    cache.set(key, found);
  }
  return found;
}
