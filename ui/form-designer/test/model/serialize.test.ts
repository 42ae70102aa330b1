import { describe, expect, it } from "vitest";
import { addNode, emptyModel, ID_NUMBER_PATTERN, PHONE_PATTERN, setRule, toSchemas, updateField, updateLayout, type FieldKind } from "../../src/model";
import { build, field } from "./helpers";

const one = (kind: Exclude<FieldKind, "custom">) => {
  const { model, id } = addNode(emptyModel(), kind);
  return { model, id, ...toSchemas(model) };
};

describe("each palette kind becomes the schema the renderer set and the server expect", () => {
  it.each([
    ["text", { type: "string", title: "单行文本 1" }],
    ["textarea", { type: "string", title: "多行文本 1" }],
    ["number", { type: "number", title: "数字 1" }],
    ["integer", { type: "integer", title: "整数 1" }],
    ["boolean", { type: "boolean", title: "是/否 1" }],
    ["date", { type: "string", format: "date", title: "日期 1" }],
    ["time", { type: "string", format: "time", title: "时间 1" }],
    ["dateTime", { type: "string", format: "date-time", title: "日期时间 1" }],
    ["email", { type: "string", format: "email", title: "电子邮箱 1" }],
    ["phone", { type: "string", pattern: PHONE_PATTERN, title: "手机号码 1" }],
    ["idNumber", { type: "string", pattern: ID_NUMBER_PATTERN, title: "身份证号 1" }],
  ] as const)("%s", (kind, expected) => {
    const { schema } = one(kind);
    const [prop] = Object.values(schema.properties);
    expect(prop).toEqual({ ...expected, "x-i18n": { en: { title: expect.any(String) } } });
  });

  it("gives every new field an English label next to the Chinese one", () => {
    const { schema } = one("email");
    expect(schema.properties.email1).toMatchObject({ title: "电子邮箱 1", "x-i18n": { en: { title: "Email 1" } } });
  });

  it("a multi-line text is a string with the renderer's multi option", () => {
    const { uischema } = one("textarea");
    expect(uischema.elements[0]).toEqual({ type: "Control", scope: "#/properties/notes1", options: { multi: true } });
  });

  it("a choice is oneOf const/title with English titles, a multiple choice a unique array of them", () => {
    const choice = one("choice").schema.properties.choice1!;
    expect(choice).toMatchObject({
      type: "string",
      oneOf: [
        { const: "option1", title: "选项 1", "x-i18n": { en: { title: "Option 1" } } },
        { const: "option2", title: "选项 2", "x-i18n": { en: { title: "Option 2" } } },
      ],
    });
    const multi = one("multiChoice").schema.properties.choices1!;
    expect(multi).toMatchObject({ type: "array", uniqueItems: true, items: { type: "string", oneOf: choice.oneOf } });
  });

  it("an attachment carries x-attachment and no type, as the server requires", () => {
    const prop = one("attachment").schema.properties.file1!;
    expect(prop.type).toBeUndefined();
    expect(prop["x-attachment"]).toEqual({ types: ["pdf", "png", "jpeg"], maxBytes: 2 * 1024 * 1024 });
  });

  it("a time field stores its offset, as the server's `format: time` requires", () => {
    const { uischema } = one("time");
    expect(uischema.elements[0]).toEqual({ type: "Control", scope: "#/properties/time1", options: { timeSaveFormat: "HH:mm:ssZ" } });
  });

  it("widgets: radio choice, switch yes/no", () => {
    let { model, id } = one("choice");
    model = updateField(model, id, { widget: "radio" });
    expect(toSchemas(model).uischema.elements[0]!.options).toEqual({ format: "radio" });
    ({ model, id } = one("boolean"));
    model = updateField(model, id, { widget: "switch" });
    expect(toSchemas(model).uischema.elements[0]!.options).toEqual({ toggle: true });
  });
});

describe("field properties", () => {
  it("required fields are listed in display order; none means no `required`", () => {
    const { model, ids } = build([["a", "text"], ["b", "number"], ["c", "date"]]);
    expect(toSchemas(model).schema.required).toBeUndefined();
    let m = updateField(model, ids.c!, { required: true });
    m = updateField(m, ids.a!, { required: true });
    expect(toSchemas(m).schema.required).toEqual(["text1", "date1"]);
  });

  it("min/max map to the keywords of the kind", () => {
    const { model, ids } = build([["t", "text"], ["n", "integer"], ["m", "multiChoice"]]);
    let m = updateField(model, ids.t!, { min: 2, max: 20 });
    m = updateField(m, ids.n!, { min: 0, max: 120 });
    m = updateField(m, ids.m!, { min: 1, max: 2 });
    const p = toSchemas(m).schema.properties;
    expect(p.text1).toMatchObject({ minLength: 2, maxLength: 20 });
    expect(p.count1).toMatchObject({ minimum: 0, maximum: 120 });
    expect(p.choices1).toMatchObject({ minItems: 1, maxItems: 2 });
  });

  it("description, default, pattern and read-only", () => {
    const { model, id } = one("text");
    const m = updateField(model, id, {
      description: { "zh-CN": "请填写", en: "Please fill in" },
      default: "无",
      pattern: "^[a-z]+$",
      readOnly: true,
    });
    expect(toSchemas(m).schema.properties.text1).toEqual({
      type: "string",
      title: "单行文本 1",
      description: "请填写",
      "x-i18n": { en: { title: "Single-line text 1", description: "Please fill in" } },
      default: "无",
      pattern: "^[a-z]+$",
      readOnly: true,
    });
  });

  it("an empty English text writes no x-i18n entry", () => {
    const { model, id } = one("text");
    const m = updateField(model, id, { label: { "zh-CN": "姓名", en: "" } });
    expect(toSchemas(m).schema.properties.text1).toEqual({ type: "string", title: "姓名" });
  });

  it("clearing a limit removes the keyword", () => {
    const { model, id } = one("number");
    const m = updateField(updateField(model, id, { min: 1, max: 5 }), id, { max: undefined });
    const p = toSchemas(m).schema.properties.number1!;
    expect(p.minimum).toBe(1);
    expect("maximum" in p).toBe(false);
  });
});

describe("layout", () => {
  it("group, row, categorization (tabs or steps) and static text become their UI schema elements", () => {
    const { model, ids } = build([
      ["g", "group"],
      ["name", "text", "g"],
      ["r", "row", "g"],
      ["phone", "phone", "r"],
      ["mail", "email", "r"],
      ["tabs", "categorization"],
      ["note", "label"],
    ]);
    const cat = model.root.find((n) => n.id === ids.tabs)!;
    if (cat.node !== "categorization") throw new Error("not a categorization");
    let m = addNode(model, "integer", { parentId: cat.children[1]!.id }).model;
    m = updateLayout(m, ids.g!, { label: { "zh-CN": "基本信息", en: "Basics" } });
    m = updateLayout(m, ids.tabs!, { variant: "stepper" });
    const { schema, uischema } = toSchemas(m);
    expect(Object.keys(schema.properties)).toEqual(["text1", "phone1", "email1", "count1"]);
    expect(uischema).toEqual({
      type: "VerticalLayout",
      elements: [
        {
          type: "Group",
          label: "基本信息",
          "x-i18n": { en: { label: "Basics" } },
          elements: [
            { type: "Control", scope: "#/properties/text1" },
            { type: "HorizontalLayout", elements: [{ type: "Control", scope: "#/properties/phone1" }, { type: "Control", scope: "#/properties/email1" }] },
          ],
        },
        {
          type: "Categorization",
          options: { variant: "stepper" },
          elements: [
            { type: "Category", label: "第 1 部分", "x-i18n": { en: { label: "Part 1" } }, elements: [] },
            { type: "Category", label: "第 2 部分", "x-i18n": { en: { label: "Part 2" } }, elements: [{ type: "Control", scope: "#/properties/count1" }] },
          ],
        },
        { type: "Label", text: "说明文字", "x-i18n": { en: { text: "Static text" } } },
      ],
    });
  });

  it("a rule becomes a JSON Forms rule with a const condition", () => {
    const { model, ids } = build([["agree", "boolean"], ["g", "group"], ["why", "text"]]);
    let m = setRule(model, ids.why!, { effect: "SHOW", field: "flag1", value: true });
    m = setRule(m, ids.g!, { effect: "DISABLE", field: "text1", value: "x" });
    const { uischema } = toSchemas(m);
    expect(uischema.elements[2]!.rule).toEqual({ effect: "SHOW", condition: { scope: "#/properties/flag1", schema: { const: true } } });
    expect(uischema.elements[1]!.rule).toEqual({ effect: "DISABLE", condition: { scope: "#/properties/text1", schema: { const: "x" } } });
    expect(field(m, ids.agree!).rule).toBeUndefined();
  });
});
