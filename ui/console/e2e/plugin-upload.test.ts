/**
 * Installing a vendor's package from the plugin manager in Chromium: the system administrator
 * uploads a signed .tgz, sees it installed with "已验证 acme" in the signature column (the
 * plugins shipped with the host say "内置"); a package changed after signing is refused with
 * the changed file named; on a slow line the progress bar follows the upload. Screenshots land in /tmp/console-shots/.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { pack, packagingOf, sign } from "@anju/packaging";
import { ensureBuilt, launch, shot, signIn } from "./browser.js";
import { ADMINS, startE2eNode, type E2eNode } from "./node.js";

const VENDOR_PLUGIN = fileURLToPath(new URL("../../../core/packaging/test/fixtures/acme-hello", import.meta.url));

describe("plugin manager: install a signed package by upload", () => {
  let node: E2eNode;
  let browser: Browser;
  let work: string;
  let signed: string;
  let changed: string;

  beforeAll(async () => {
    ensureBuilt();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "anju-upload-e2e-"));
    const key = path.join(work, "acme.pem");
    execFileSync("openssl", ["genpkey", "-algorithm", "ed25519", "-out", key]);
    const pub = execFileSync("openssl", ["pkey", "-in", key, "-pubout"], { encoding: "utf8" });
    signed = path.join(work, "acme-hello-1.0.0.tgz");
    await pack(VENDOR_PLUGIN, signed);
    await sign(signed, fs.readFileSync(key));
    // The same package with one line added after signing, as a man in the middle would.
    const stage = path.join(work, "stage");
    fs.mkdirSync(stage);
    execFileSync("tar", ["-xzf", signed, "-C", stage]);
    fs.appendFileSync(path.join(stage, "package", "src", "index.ts"), "\n// injected\n");
    changed = path.join(work, "acme-hello-1.0.0-changed.tgz");
    execFileSync("tar", ["-czf", changed, "-C", stage, "package"]);

    node = await startE2eNode();
    await packagingOf(node.host).trust.add("acme", pub, { userId: "secadmin" });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await node?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("refuses a changed package naming the file, installs the signed one and marks it verified", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" })).newPage();
    await signIn(page, node.url, "admin", ADMINS.admin.password);
    await page.locator("[data-test=user-menu]").waitFor();
    await page.goto(`${node.url}/#/admin/plugins`);
    await page.locator("[data-test=plugins-table] .el-table__row").first().waitFor();
    expect(await page.locator("[data-test=signature-community]").innerText()).toBe("内置");
    await expect(page.locator("[data-test=package-upload-button]").innerText()).resolves.toBe("安装插件包");

    // A slow line: the progress bar moves while a bigger file goes up (it is not a tarball, so it is refused).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 96 * 1024 });
    const notTarball = path.join(work, "big.tgz");
    fs.writeFileSync(notTarball, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(600 * 1024, 7)]));
    await page.locator("[data-test=package-file]").setInputFiles(notTarball);
    const bar = page.locator("[data-test=package-progress] [role=progressbar]");
    await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow").catch(() => "0")), { timeout: 20_000 }).toBeGreaterThan(20);
    expect(await page.locator("[data-test=package-progress]").innerText()).toContain("正在上传 big.tgz");
    await shot(page, "59-plugins-upload-progress");
    await page.locator("[data-test=package-error]").waitFor({ timeout: 30_000 });
    expect(await page.locator("[data-test=package-error]").innerText()).toContain("TARBALL_INVALID");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    await page.locator("[data-test=package-file]").setInputFiles(changed);
    const error = page.locator("[data-test=package-error]");
    await error.waitFor();
    expect(await error.innerText()).toContain("插件包中的文件已被修改：src/index.ts（SHA-256 不符）");
    expect(await error.innerText()).toContain("PACKAGE_FILE_MODIFIED");
    expect(await page.locator("[data-test=signature-acme-hello]").count()).toBe(0);
    await shot(page, "60-plugins-upload-refused");

    await page.locator("[data-test=package-file]").setInputFiles(signed);
    const result = page.locator("[data-test=package-result]");
    await result.waitFor();
    expect(await result.innerText()).toContain("已安装 acme-hello 1.0.0");
    expect(await result.innerText()).toContain("已验证 acme");
    await page.locator("[data-test=signature-acme-hello]").waitFor();
    expect(await page.locator("[data-test=signature-acme-hello]").innerText()).toBe("已验证 acme");
    await page.waitForTimeout(300);
    await shot(page, "61-plugins-upload-installed");
    await page.context().close();

    // What the server recorded: the upload and the install, by the administrator.
    const rows: Array<{ action: string; result: string; object: string | null }> = await node.host.ds.query(
      "SELECT action, result, object FROM anju_audit WHERE action IN ('plugin.package.upload', 'plugin.install') AND (object = 'acme-hello' OR object IS NULL) ORDER BY seq");
    expect(rows.map((r) => [r.action, r.result])).toEqual([
      ["plugin.package.upload", "failure"],
      ["plugin.install", "failure"], ["plugin.package.upload", "failure"], ["plugin.install", "success"], ["plugin.package.upload", "success"],
    ]);
  });
});
