/** A form like one a street office would publish, to look at the components with. */
export const sampleTitle = { "zh-CN": "月度消防安全检查", en: "Monthly fire safety check" };

export const sampleSchema = {
  type: "object",
  properties: {
    site: { type: "string", title: "检查场所", "x-i18n": { en: { title: "Site" } }, maxLength: 60 },
    inspector: { type: "string", title: "检查人", "x-i18n": { en: { title: "Inspector" } } },
    phone: { type: "string", title: "联系电话", "x-i18n": { en: { title: "Phone" } }, pattern: "^1[3-9]\\d{9}$" },
    date: { type: "string", format: "date", title: "检查日期", "x-i18n": { en: { title: "Date" } } },
    time: { type: "string", format: "time", title: "检查时间", "x-i18n": { en: { title: "Time" } } },
    kind: {
      type: "string",
      title: "场所类型",
      "x-i18n": { en: { title: "Kind of site" } },
      oneOf: [
        { const: "home", title: "住宅", "x-i18n": { en: { title: "Home" } } },
        { const: "shop", title: "商铺", "x-i18n": { en: { title: "Shop" } } },
        { const: "warehouse", title: "仓库", "x-i18n": { en: { title: "Warehouse" } } },
      ],
    },
    extinguishers: { type: "integer", title: "灭火器数量", "x-i18n": { en: { title: "Extinguishers" } }, minimum: 0, maximum: 200 },
    hazard: { type: "boolean", title: "发现隐患", "x-i18n": { en: { title: "Hazard found" } } },
    hazardNotes: { type: "string", title: "隐患说明", "x-i18n": { en: { title: "Hazard details" } }, maxLength: 500 },
    photo: { title: "现场照片", "x-i18n": { en: { title: "Photo" } }, "x-attachment": { types: ["jpeg", "png"], maxBytes: 2097152 } },
  },
  required: ["site", "inspector", "date", "kind"],
};

export const sampleUischema = {
  type: "VerticalLayout",
  elements: [
    { type: "Label", text: "请如实填写，提交后不可修改。", "x-i18n": { en: { text: "Answer truthfully; a submission cannot be changed." } } },
    {
      type: "Group",
      label: "基本信息",
      "x-i18n": { en: { label: "Basics" } },
      elements: [
        { type: "Control", scope: "#/properties/site" },
        { type: "HorizontalLayout", elements: [{ type: "Control", scope: "#/properties/inspector" }, { type: "Control", scope: "#/properties/phone" }] },
        { type: "HorizontalLayout", elements: [{ type: "Control", scope: "#/properties/date" }, { type: "Control", scope: "#/properties/time", options: { timeSaveFormat: "HH:mm:ssZ" } }] },
      ],
    },
    { type: "Control", scope: "#/properties/kind", options: { format: "radio" } },
    { type: "Control", scope: "#/properties/extinguishers" },
    { type: "Control", scope: "#/properties/hazard", options: { toggle: true } },
    {
      type: "Control",
      scope: "#/properties/hazardNotes",
      options: { multi: true },
      rule: { effect: "SHOW", condition: { scope: "#/properties/hazard", schema: { const: true } } },
    },
    { type: "Control", scope: "#/properties/photo" },
  ],
};
