import { afterEach, describe, expect, it } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import { nextTick } from "vue";
import FormFill from "../src/fill/FormFill.vue";
import { provideFormsApi } from "../src/api";
import { fakeApi } from "./fakeApi";

afterEach(() => {
  document.body.innerHTML = "";
});

const settle = async () => {
  await flushPromises();
  await nextTick();
  await flushPromises();
};

const title = { "zh-CN": "月度安全检查", en: "Monthly safety check" };
const schema = {
  type: "object",
  properties: {
    name: { type: "string", title: "检查人", "x-i18n": { en: { title: "Inspector" } } },
    phone: { type: "string", title: "电话", "x-i18n": { en: { title: "Phone" } } },
    visitors: { type: "integer", title: "来访人数" },
  },
  required: ["name"],
};
const uischema = {
  type: "VerticalLayout",
  elements: [
    { type: "Control", scope: "#/properties/name" },
    { type: "Group", label: "联系", elements: [{ type: "Control", scope: "#/properties/phone" }] },
    { type: "Control", scope: "#/properties/visitors" },
  ],
};

function seeded() {
  return fakeApi([
    { key: "monthly-safety", title, schema, uischema },
    { key: "monthly-safety", title, schema, uischema },
  ]);
}

async function mountFill(api = seeded(), locale = "zh-CN") {
  const wrapper = mount(FormFill, { props: { api, formKey: "monthly-safety", locale }, attachTo: document.body });
  await settle();
  return wrapper;
}

const item = (wrapper: Awaited<ReturnType<typeof mountFill>>, label: string) => {
  const found = wrapper.findAll(".el-form-item").find((n) => n.find(".el-form-item__label").text() === label);
  if (!found) throw new Error(`no field ${label}: ${wrapper.findAll(".el-form-item__label").map((n) => n.text())}`);
  return found;
};

describe("FormFill", () => {
  it("loads the effective form and shows its title, version and fields in zh-CN", async () => {
    const wrapper = await mountFill();
    expect(wrapper.find(".anju-fd-fill__title").text()).toBe("月度安全检查");
    expect(wrapper.text()).toContain("第 2 版");
    expect(wrapper.findAll(".el-form-item__label").map((n) => n.text())).toEqual(["检查人", "电话", "来访人数"]);
  });

  it("in English, labels come from the form's x-i18n and fall back to the Chinese title", async () => {
    const wrapper = await mountFill(seeded(), "en");
    expect(wrapper.find(".anju-fd-fill__title").text()).toBe("Monthly safety check");
    expect(wrapper.findAll(".el-form-item__label").map((n) => n.text())).toEqual(["Inspector", "Phone", "来访人数"]);
    expect(wrapper.text()).toContain("Version 2");
  });

  it("does not send answers the browser knows are wrong, and says where", async () => {
    const api = seeded();
    const wrapper = await mountFill(api);
    await wrapper.find(".anju-fd-fill__actions button").trigger("click");
    await settle();
    expect(api.calls.some(([name]) => name === "submit")).toBe(false);
    expect(wrapper.find(".anju-fd-fill__message").text()).toContain("有 1 处需要修改");
    expect(item(wrapper, "检查人").find(".anju-jf-control__error").text()).toBe("请填写「检查人」");
  });

  it("names a missing required answer by the label the user sees, in English from the form's x-i18n", async () => {
    const wrapper = await mountFill(seeded(), "en");
    await wrapper.find(".anju-fd-fill__actions button").trigger("click");
    await settle();
    expect(item(wrapper, "Inspector").find(".anju-jf-control__error").text()).toBe("“Inspector” is required");
  });

  it("shows the server's field errors inline at their fields, in the chosen language", async () => {
    const api = seeded();
    const wrapper = await mountFill(api, "en");
    await item(wrapper, "Inspector").find("input").setValue("王五");
    await settle();
    api.refuseNextSubmit([
      { path: "phone", keyword: "pattern", message: "应当匹配模式", messages: { "zh-CN": "应当匹配模式", en: "must match pattern" } },
      { path: "extra", keyword: "additionalProperties", message: "不允许有额外属性", messages: { "zh-CN": "不允许有额外属性", en: "must NOT have additional properties" } },
    ]);
    await wrapper.find(".anju-fd-fill__actions button").trigger("click");
    await settle();
    expect(api.calls.find(([name]) => name === "submit")).toEqual(["submit", "monthly-safety", { name: "王五" }]);
    expect(item(wrapper, "Phone").find(".anju-jf-control__error").text()).toBe("must match pattern");
    expect(item(wrapper, "Inspector").find(".anju-jf-control__error").exists()).toBe(false);
    // An error with no control to carry it is listed above the form.
    expect(wrapper.find(".anju-fd-fill__message").text()).toContain("2 answer(s) need changing");
    expect(wrapper.find(".anju-fd-fill__unplaced").text()).toContain("extra must NOT have additional properties");
    expect(wrapper.find(".anju-fd-fill__done").exists()).toBe(false);
  });

  it("an edited answer loses its server error; the others stay", async () => {
    const api = seeded();
    const wrapper = await mountFill(api);
    await item(wrapper, "检查人").find("input").setValue("王五");
    await item(wrapper, "电话").find("input").setValue("123");
    await settle();
    api.refuseNextSubmit([
      { path: "phone", keyword: "pattern", message: "应当匹配模式", messages: { "zh-CN": "号码格式不对", en: "bad" } },
      { path: "name", keyword: "x", message: "重名", messages: { "zh-CN": "检查人重名", en: "dup" } },
    ]);
    await wrapper.find(".anju-fd-fill__actions button").trigger("click");
    await settle();
    expect(item(wrapper, "电话").find(".anju-jf-control__error").text()).toBe("号码格式不对");
    await item(wrapper, "电话").find("input").setValue("13800138000");
    await settle();
    expect(item(wrapper, "电话").find(".anju-jf-control__error").exists()).toBe(false);
    expect(item(wrapper, "检查人").find(".anju-jf-control__error").text()).toBe("检查人重名");
  });

  it("on success shows the version the answers were stored against, and can start again", async () => {
    const api = seeded();
    const wrapper = await mountFill(api);
    await item(wrapper, "检查人").find("input").setValue("王五");
    await settle();
    await wrapper.find(".anju-fd-fill__actions button").trigger("click");
    await settle();
    expect(wrapper.find(".anju-fd-fill__done").text()).toContain("提交成功");
    expect(wrapper.find(".anju-fd-fill__done").text()).toContain("已按第 2 版表单保存");
    expect(wrapper.emitted("submitted")?.[0]?.[0]).toMatchObject({ version: 2, data: { name: "王五" } });
    await wrapper.find(".anju-fd-fill__done button").trigger("click");
    await settle();
    expect(wrapper.find(".anju-fd-fill__done").exists()).toBe(false);
    expect((item(wrapper, "检查人").find("input").element as HTMLInputElement).value).toBe("");
  });

  it("takes the FormsApi the app provides when no api prop is given", async () => {
    const api = seeded();
    const wrapper = mount(FormFill, {
      props: { formKey: "monthly-safety" },
      global: { plugins: [{ install: (app) => provideFormsApi(api, app) }] },
      attachTo: document.body,
    });
    await settle();
    expect(api.calls).toEqual([["get", "monthly-safety"]]);
    expect(wrapper.find(".anju-fd-fill__title").text()).toBe("月度安全检查");
  });

  it("a form that cannot be loaded says why and offers to retry", async () => {
    const api = fakeApi([{ key: "draft-only", title, schema, state: "draft" }]);
    const wrapper = mount(FormFill, { props: { api, formKey: "draft-only" }, attachTo: document.body });
    await settle();
    expect(wrapper.find(".anju-fd-fill__load-error").text()).toContain("表单尚未发布");
    await wrapper.find(".anju-fd-fill__load-error button").trigger("click");
    await settle();
    expect(api.calls.filter(([n]) => n === "get")).toHaveLength(2);
  });
});
