import { afterEach, describe, expect, it } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import { nextTick } from "vue";
import FormPreview from "../src/preview/FormPreview.vue";
import { acceptOf, base64Bytes, checkFile, guessType } from "../src/renderers/attachment";
import { toAdditionalErrors } from "../src/fill/serverErrors";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("attachment rules in the browser", () => {
  it("accepts by extension and MIME type", () => {
    expect(acceptOf({ types: ["pdf", "jpeg"] })).toBe(".pdf,application/pdf,.jpg,.jpeg,image/jpeg");
    expect(guessType({ name: "a.JPG", type: "" })).toBe("jpeg");
    expect(guessType({ name: "scan", type: "application/pdf" })).toBe("pdf");
    expect(guessType({ name: "a.exe", type: "application/x-msdownload" })).toBeUndefined();
  });

  it("refuses a type the field does not take, and a file over the limit", () => {
    expect(checkFile({ name: "a.png", type: "image/png", size: 10 }, { types: ["pdf"] })).toEqual({ code: "typeNotAllowed", types: ["pdf"] });
    expect(checkFile({ name: "a.pdf", type: "application/pdf", size: 2000 }, { maxBytes: 1000 })).toEqual({ code: "tooLarge", max: 1000 });
    expect(checkFile({ name: "a.pdf", type: "application/pdf", size: 1000 }, { maxBytes: 1000 })).toBeNull();
    expect(base64Bytes("JVBERi0=")).toBe(5);
  });

  it("server field paths become instance paths JSON Forms matches controls by", () => {
    const [e] = toAdditionalErrors([{ path: "contact.phone", keyword: "pattern", message: "应当匹配", messages: { "zh-CN": "应当匹配", en: "must match" } }], "en");
    expect(e).toMatchObject({ instancePath: "/contact/phone", message: "must match" });
  });
});

describe("attachment control", () => {
  const schema = {
    type: "object",
    properties: { licence: { title: "营业执照", "x-attachment": { types: ["pdf"], maxBytes: 1024 } } },
  };
  const settle = async () => {
    await flushPromises();
    await nextTick();
  };
  async function pick(wrapper: ReturnType<typeof mount>, file: File) {
    const input = wrapper.find("input[type=file]");
    Object.defineProperty(input.element, "files", { value: [file], configurable: true });
    await input.trigger("change");
    await new Promise((r) => setTimeout(r, 20));
    await settle();
  }

  it("puts the chosen file into the data as { name, content: base64 }", async () => {
    const wrapper = mount(FormPreview, { props: { schema }, attachTo: document.body });
    await settle();
    expect(wrapper.find(".el-form-item__label").text()).toBe("营业执照");
    expect(wrapper.find(".anju-fd-attachment__hint").text()).toBe("PDF，不超过 1 KB");
    await pick(wrapper, new File(["%PDF-1.4"], "执照.pdf", { type: "application/pdf" }));
    const events = wrapper.emitted("change") as Array<[{ data: Record<string, unknown> }]>;
    expect(events.at(-1)![0].data.licence).toEqual({ name: "执照.pdf", content: btoa("%PDF-1.4") });
    expect(wrapper.find(".anju-fd-attachment__name").text()).toContain("执照.pdf");
  });

  it("refuses a file that is too large or of another type, with an inline message", async () => {
    const wrapper = mount(FormPreview, { props: { schema, locale: "en" }, attachTo: document.body });
    await settle();
    await pick(wrapper, new File(["x".repeat(2000)], "big.pdf", { type: "application/pdf" }));
    expect(wrapper.find(".anju-jf-control__error").text()).toBe("The file is larger than 1 KB");
    await pick(wrapper, new File(["png"], "photo.png", { type: "image/png" }));
    expect(wrapper.find(".anju-jf-control__error").text()).toBe("Only PDF files are allowed");
    const events = (wrapper.emitted("change") ?? []) as Array<[{ data: Record<string, unknown> }]>;
    expect(events.at(-1)?.[0].data.licence).toBeUndefined();
  });
});
