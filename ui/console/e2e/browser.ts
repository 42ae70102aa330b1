/** Headless Debian Chromium for the console's browser tests, and the build they run against. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const SHOTS_DIR = "/tmp/console-shots";
const ENSURE_BUILT = fileURLToPath(new URL("../scripts/ensure-built.mjs", import.meta.url));

/** Build ui/console/dist if it is missing or stale (the same step as `npm start`'s prestart). */
export function ensureBuilt(): void {
  const r = spawnSync(process.execPath, [ENSURE_BUILT], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("console build failed");
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.ANJU_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png`, fullPage: true });
}

/** Sign in through the form (the fields the user sees, by their labels' ids). */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/#/login`);
  await page.locator("#login-username").fill(username);
  await page.locator("#login-password").fill(password);
  await page.locator("[data-test=login-submit]").click();
}
