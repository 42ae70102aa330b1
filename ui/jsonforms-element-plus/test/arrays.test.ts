import { afterEach, describe, expect, it } from "vitest";
import type { JsonSchema, UISchemaElement } from "@jsonforms/core";
import { createI18n } from "../src";
import { control, mountForm } from "./helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

const schema: JsonSchema = {
  type: "object",
  properties: {
    tags: { type: "array", title: "标签", items: { type: "string", minLength: 2 }, minItems: 1, maxItems: 3 },
    members: {
      type: "array",
      title: "家庭成员",
      items: {
        type: "object",
        properties: { name: { type: "string", title: "姓名" }, age: { type: "integer", title: "年龄" } },
        required: ["name"],
      },
    },
    buildings: {
      type: "array",
      title: "楼栋",
      items: {
        type: "object",
        properties: {
          code: { type: "string", title: "编号" },
          manager: { type: "object", properties: { phone: { type: "string", title: "电话" } } },
        },
      },
    },
    services: { type: "array", title: "服务", uniqueItems: true, items: { type: "string", enum: ["养老", "托育", "助残"] } },
  },
};

const rows = (form: Awaited<ReturnType<typeof mountForm>>) => form.wrapper.findAll(".anju-jf-array__row");

describe("array table (primitives)", () => {
  it("renders one row per item, edits a cell and shows a cell error inline", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/tags"), data: { tags: ["老人", "x"] } });
    expect(form.wrapper.find(".anju-jf-array__label").text()).toBe("标签");
    expect(rows(form)).toHaveLength(2);
    expect(form.errors()).toEqual(["不应少于 2 个字符"]);
    await rows(form)[1].find("input").setValue("儿童");
    expect(form.data()).toEqual({ tags: ["老人", "儿童"] });
    expect(form.errors()).toEqual([]);
  });

  it("adds, reorders and removes items", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/tags"), data: { tags: ["甲甲", "乙乙"] } });
    await form.wrapper.find(".anju-jf-array__add").trigger("click");
    expect(form.data()).toEqual({ tags: ["甲甲", "乙乙", ""] });
    await rows(form)[1].find(".anju-jf-array__up").trigger("click");
    expect(form.data()).toEqual({ tags: ["乙乙", "甲甲", ""] });
    await rows(form)[0].find(".anju-jf-array__down").trigger("click");
    expect(form.data()).toEqual({ tags: ["甲甲", "乙乙", ""] });
    await rows(form)[2].find(".anju-jf-array__remove").trigger("click");
    expect(form.data()).toEqual({ tags: ["甲甲", "乙乙"] });
  });

  it("disables add at maxItems and remove at minItems", async () => {
    const full = await mountForm({ schema, uischema: control("#/properties/tags"), data: { tags: ["一一", "二二", "三三"] } });
    expect(full.wrapper.find(".anju-jf-array__add").attributes("disabled")).toBeDefined();
    await full.wrapper.find(".anju-jf-array__add").trigger("click");
    expect((full.data() as { tags: string[] }).tags).toHaveLength(3);

    document.body.innerHTML = "";
    const one = await mountForm({ schema, uischema: control("#/properties/tags"), data: { tags: ["一一"] } });
    expect(one.wrapper.find(".anju-jf-array__remove").attributes("disabled")).toBeDefined();
    expect(one.wrapper.find(".anju-jf-array__add").attributes("disabled")).toBeUndefined();
  });

  it("shows the array's own error (minItems) in zh-CN and in English when asked", async () => {
    const zh = await mountForm({ schema, uischema: control("#/properties/tags"), data: { tags: [] } });
    expect(zh.wrapper.find(".anju-jf-array__empty").text()).toBe("暂无数据");
    expect(zh.errors()).toEqual(["不应少于 1 个项"]);
    document.body.innerHTML = "";
    const en = await mountForm({ schema, uischema: control("#/properties/tags"), data: { tags: [] }, i18n: createI18n("en") });
    expect(en.wrapper.find(".anju-jf-array__empty").text()).toBe("No data");
    expect(en.errors()).toEqual(["must NOT have less than 1 item"]);
  });
});

describe("array table (objects)", () => {
  it("has a column per property with required markers, and edits cells", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/members"), data: { members: [{ name: "张三" }, {}] } });
    const headers = form.wrapper.findAll("thead th");
    expect(headers.map((th) => th.text())).toEqual(["序号", "姓名", "年龄", "操作"]);
    expect(headers[1].classes()).toContain("is-required");
    // Cells carry no label of their own: the column header is the label.
    expect(form.wrapper.findAll("tbody .el-form-item__label")).toHaveLength(0);
    expect(form.errors()).toEqual(["请填写「姓名」"]);
    await rows(form)[1].findAll("input")[0].setValue("李四");
    expect(form.data()).toEqual({ members: [{ name: "张三" }, { name: "李四" }] });
    await form.wrapper.find(".anju-jf-array__add").trigger("click");
    expect((form.data() as { members: unknown[] }).members).toHaveLength(3);
  });
});

describe("array list (nested objects)", () => {
  it("renders each item's detail form in a card and adds items", async () => {
    const form = await mountForm({
      schema,
      uischema: control("#/properties/buildings"),
      data: { buildings: [{ code: "A1", manager: { phone: "110" } }] },
    });
    const cards = form.wrapper.findAll(".anju-jf-array__item");
    expect(cards).toHaveLength(1);
    expect(cards[0].find(".anju-jf-array__item-title").text()).toBe("1. A1");
    expect(cards[0].findAll(".el-form-item__label").map((label) => label.text())).toEqual(["编号", "电话"]);
    await cards[0].findAll("input")[1].setValue("120");
    expect(form.data()).toEqual({ buildings: [{ code: "A1", manager: { phone: "120" } }] });
    await form.wrapper.find(".anju-jf-array__add").trigger("click");
    expect(form.wrapper.findAll(".anju-jf-array__item")).toHaveLength(2);
  });
});

describe("list with detail", () => {
  const uischema = { type: "ListWithDetail", scope: "#/properties/members" } as unknown as UISchemaElement;

  it("lists items by their first property and edits the selected one", async () => {
    const form = await mountForm({ schema, uischema, data: { members: [{ name: "张三" }, { name: "李四" }] } });
    const entries = form.wrapper.findAll(".anju-jf-master-detail__entry");
    expect(entries.map((entry) => entry.find(".anju-jf-master-detail__entry-label").text())).toEqual(["张三", "李四"]);
    expect(form.wrapper.find<HTMLInputElement>(".anju-jf-master-detail__detail input").element.value).toBe("张三");
    await entries[1].trigger("click");
    const nameInput = form.wrapper.find<HTMLInputElement>(".anju-jf-master-detail__detail input");
    expect(nameInput.element.value).toBe("李四");
    await nameInput.setValue("王五");
    expect(form.data()).toEqual({ members: [{ name: "张三" }, { name: "王五" }] });
  });

  it("selects a new item when one is added", async () => {
    const form = await mountForm({ schema, uischema, data: { members: [] } });
    expect(form.wrapper.find(".anju-jf-master-detail__detail").text()).toBe("未选择");
    await form.wrapper.find(".anju-jf-array__add").trigger("click");
    expect(form.wrapper.find(".anju-jf-master-detail__entry").classes()).toContain("is-selected");
    expect(form.wrapper.findAll(".anju-jf-master-detail__detail .el-form-item__label").map((l) => l.text())).toEqual(["姓名", "年龄"]);
  });
});

describe("enum array (multiple choice)", () => {
  it("renders a checkbox per value and emits the ticked ones", async () => {
    const form = await mountForm({ schema, uischema: control("#/properties/services"), data: { services: ["托育"] } });
    expect(form.labels()).toEqual(["服务"]);
    const boxes = form.wrapper.findAll(".el-checkbox");
    expect(boxes.map((box) => box.text())).toEqual(["养老", "托育", "助残"]);
    expect(boxes[1].find<HTMLInputElement>("input").element.checked).toBe(true);
    await boxes[0].find("input").setValue(true);
    expect(form.data()).toEqual({ services: ["托育", "养老"] });
    await boxes[1].find("input").setValue(false);
    expect(form.data()).toEqual({ services: ["养老"] });
    expect(form.wrapper.findAll<HTMLInputElement>(".el-checkbox input")[1].element.checked).toBe(false);
  });
});
