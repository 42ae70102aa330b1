/**
 * A driver plugin whose process keeps failing reads 降级 in the plugin manager (#7), with its
 * restarts and last error in the tooltip; a running one reads 运行中; a plugin no module runs
 * shows nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { i18n } from "../src/i18n";
import PluginRuntimeTag from "../src/components/PluginRuntimeTag.vue";

const mountTag = (runtime: unknown) => mount(PluginRuntimeTag, { props: { runtime: runtime as never }, global: { plugins: [ElementPlus, i18n] }, attachTo: document.body });

afterEach(() => { document.body.innerHTML = ""; });

describe("plugin run-time state", () => {
  it("shows a degraded driver in red with its restarts and last error on hover", async () => {
    const w = mountTag({ state: "degraded", restarts: 4, lastError: "driver process exited (code 1)" });
    const tag = w.get('[data-test="plugin-runtime"]');
    expect(tag.text()).toBe("降级 ·4");
    expect(tag.classes()).toContain("el-tag--danger");
    await tag.trigger("mouseenter");
    await new Promise((r) => setTimeout(r, 200));
    await flushPromises();
    const hint = document.body.querySelector('[data-test="runtime-hint"]');
    expect(hint?.textContent).toContain("重启 4 次");
    expect(hint?.textContent).toContain("最近错误：driver process exited (code 1)");
  });

  it("shows a running driver in green", () => {
    const tag = mountTag({ state: "running", restarts: 0, lastError: null }).get('[data-test="plugin-runtime"]');
    expect(tag.text()).toBe("运行中");
    expect(tag.classes()).toContain("el-tag--success");
  });

  it("shows nothing for a plugin no module runs", () => {
    expect(mountTag(null).find('[data-test="plugin-runtime"]').exists()).toBe(false);
    expect(mountTag(undefined).find('[data-test="plugin-runtime"]').exists()).toBe(false);
  });
});
