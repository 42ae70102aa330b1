/**
 * The plugin manager's "安装插件包 / Install package": the file goes up with a progress bar, then
 * the server's outcome is shown plainly — what was installed with whose signature, or the
 * reason it was refused (the changed file, the untrusted key) with its code. The browser's
 * XMLHttpRequest is replaced by one that plays a server's answers (happy-dom sends nothing).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { i18n, setLocale } from "../src/i18n";
import PluginPackageUpload from "../src/views/admin/PluginPackageUpload.vue";

class FakeXhr {
  static last: FakeXhr | null = null;
  static opened = 0;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  status = 0;
  responseText = "";
  withCredentials = false;
  body: unknown = null;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() { FakeXhr.last = this; }
  open(method: string, url: string) { this.method = method; this.url = url; FakeXhr.opened++; }
  setRequestHeader(k: string, v: string) { this.headers[k] = v; }
  send(body: unknown) { this.body = body; }
  abort() { this.onabort?.(); }
  progress(loaded: number, total: number) { this.upload.onprogress?.({ lengthComputable: true, loaded, total }); }
  answer(status: number, body: unknown) { this.status = status; this.responseText = JSON.stringify(body); this.onload?.(); }
}

function pick(wrapper: ReturnType<typeof mount>, file: File) {
  const input = wrapper.get('[data-test="package-file"]').element as HTMLInputElement;
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  return wrapper.get('[data-test="package-file"]').trigger("change");
}

const tgz = (name: string, size = 2048) => new File([new Uint8Array(size)], name, { type: "application/gzip" });

describe("PluginPackageUpload", () => {
  beforeEach(() => {
    FakeXhr.last = null;
    FakeXhr.opened = 0;
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    setLocale("zh-CN");
  });
  afterEach(() => vi.unstubAllGlobals());

  const mountIt = () => mount(PluginPackageUpload, { global: { plugins: [ElementPlus, i18n] } });

  it("shows the upload's progress, then the installed plugin and its vendor's signature", async () => {
    const w = mountIt();
    expect(w.get('[data-test="package-upload-button"]').text()).toBe("安装插件包");
    await pick(w, tgz("acme-hello-1.0.0.tgz"));
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/plugins/packages?name=acme-hello-1.0.0.tgz");
    expect(xhr.headers).toMatchObject({ "Content-Type": "application/gzip", "Accept-Language": "zh-CN" });
    expect((xhr.body as File).name).toBe("acme-hello-1.0.0.tgz");

    xhr.progress(1024, 2048);
    await flushPromises();
    expect(w.get('[data-test="package-progress"]').text()).toContain("正在上传 acme-hello-1.0.0.tgz");
    expect(w.get('[data-test="package-progress"] [role="progressbar"]').attributes("aria-valuenow")).toBe("50");
    xhr.progress(2048, 2048);
    await flushPromises();
    expect(w.get('[data-test="package-progress"]').text()).toContain("正在校验签名并安装");

    xhr.answer(200, { id: "acme-hello", version: "1.0.0", action: "installed", installed: ["acme-hello"], bytes: 2048, sha256: "ab".repeat(32),
      signature: { status: "verified", vendor: "acme", fingerprint: "7f34c875f59ac27c47cb6a3ef2efe5f4" + "0".repeat(32), verifiedAt: "2026-11-22T00:00:00Z" } });
    await flushPromises();
    expect(w.find('[data-test="package-progress"]').exists()).toBe(false);
    const result = w.get('[data-test="package-result"]').text();
    expect(result).toContain("已安装 acme-hello 1.0.0");
    expect(result).toContain("已验证 acme");
    expect(result).toContain("7f34c875f59ac27c");
    expect(w.emitted("installed")?.[0]?.[0]).toMatchObject({ id: "acme-hello" });
  });

  it("shows the server's reason for refusing a package, naming the file, with its code", async () => {
    const w = mountIt();
    await pick(w, tgz("acme-hello-1.0.0.tgz"));
    FakeXhr.last!.answer(422, { error: { code: "PACKAGE_FILE_MODIFIED", message: "插件包中的文件已被修改：src/index.ts（SHA-256 不符）", data: { file: "src/index.ts" } } });
    await flushPromises();
    const error = w.get('[data-test="package-error"]').text();
    expect(error).toContain("插件包未安装 · acme-hello-1.0.0.tgz");
    expect(error).toContain("插件包中的文件已被修改：src/index.ts（SHA-256 不符）");
    expect(error).toContain("PACKAGE_FILE_MODIFIED");
    expect(w.find('[data-test="package-result"]').exists()).toBe(false);
    expect(w.emitted("installed")).toBeUndefined();
  });

  it("in English, asks the server for English and says so when the connection drops", async () => {
    setLocale("en");
    const w = mountIt();
    expect(w.get('[data-test="package-upload-button"]').text()).toBe("Install package");
    await pick(w, tgz("x.tgz"));
    expect(FakeXhr.last!.headers["Accept-Language"]).toBe("en");
    FakeXhr.last!.onerror?.();
    await flushPromises();
    expect(w.get('[data-test="package-error"]').text()).toContain("The package was not installed");
    expect(w.get('[data-test="package-error"]').text()).toContain("Cannot reach the server");
  });

  it("refuses a file over the limit before sending anything", async () => {
    const w = mountIt();
    await pick(w, tgz("huge.tgz", 50 * 1024 * 1024 + 1));
    await flushPromises();
    expect(FakeXhr.opened).toBe(0);
    expect(w.get('[data-test="package-error"]').text()).toContain("文件 huge.tgz 超过 50 MiB，不能上传");
  });
});
