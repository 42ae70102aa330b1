/**
 * The console's SchemaForm (plugin pages' forms): an `x-attachment` field is drawn by the
 * designer's attachment control, and a schema that changes while the form is mounted keeps
 * validating (ajv behind Vue's reactive proxy crashed on recompiling: "formats0 already declared").
 */
import { afterEach, describe, expect, it } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { nextTick } from "vue";
import SchemaForm from "../src/components/SchemaForm.vue";
import { i18n } from "../src/i18n";

afterEach(() => {
  document.body.innerHTML = "";
});

const settle = async () => {
  await flushPromises();
  await nextTick();
};

function mountForm(schema: Record<string, unknown>, data: unknown = {}) {
  const changes: Array<{ data: unknown; errors: number }> = [];
  const wrapper = mount(SchemaForm, {
    props: { schema, data, onChange: (d: unknown, errors: number) => changes.push({ data: d, errors }) },
    global: { plugins: [ElementPlus, i18n] },
    attachTo: document.body,
  });
  return { wrapper, changes };
}

describe("SchemaForm", () => {
  it("draws an x-attachment field as a file button with its rule", async () => {
    const { wrapper } = mountForm({
      type: "object",
      properties: { licence: { title: "营业执照", "x-attachment": { types: ["pdf"], maxBytes: 1024 } } },
    });
    await settle();
    const control = wrapper.find(".anju-fd-attachment");
    expect(control.exists()).toBe(true);
    expect(wrapper.text()).toContain("营业执照");
    expect(control.find("input[type=file]").attributes("accept")).toContain(".pdf");
  });

  it("keeps validating when its schema changes while mounted", async () => {
    const first = { type: "object", properties: { email: { type: "string", format: "email", title: "邮箱" } }, required: ["email"] };
    const { wrapper, changes } = mountForm(first, { email: "x" });
    await settle();
    expect(changes.at(-1)?.errors).toBe(1);
    const second = {
      type: "object",
      properties: { email: { type: "string", format: "email", title: "邮箱" }, day: { type: "string", format: "date", title: "日期" } },
      required: ["email", "day"],
    };
    await wrapper.setProps({ schema: second, data: { email: "a@b.cn", day: "2026-11-22" } });
    await settle();
    expect(wrapper.text()).toContain("日期");
    expect(changes.at(-1)?.errors).toBe(0);
    await wrapper.setProps({ data: { email: "a@b.cn", day: "not a day" } });
    await settle();
    expect(changes.at(-1)?.errors).toBe(1);
  });
});
