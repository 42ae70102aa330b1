/**
 * Harness page: `#designer` (default), `#designer-new`, `#fill`, `#history`; `?locale=en` for English.
 * `#fill` answers the first submit with the server's kind of field errors, the second with success.
 */
import { createApp, h } from "vue";
import ElementPlus from "element-plus";
import "element-plus/dist/index.css";
import { FormDesigner, FormFill, FormVersions, type FormChange } from "../src";
import { fakeApi } from "../test/fakeApi";
import { sampleSchema, sampleTitle, sampleUischema } from "./sample";

const api = fakeApi([
  { key: "fire-check", title: sampleTitle, schema: { ...sampleSchema, properties: { site: sampleSchema.properties.site } }, uischema: null },
  { key: "fire-check", title: sampleTitle, schema: sampleSchema, uischema: sampleUischema, state: "draft" },
]);
const changes: FormChange[] = [
  { section: "schema", path: "properties.phone", kind: "added", to: sampleSchema.properties.phone, text: "properties.phone added" },
  { section: "schema", path: "properties.extinguishers.maximum", kind: "changed", from: 500, to: 200, text: "properties.extinguishers.maximum 500 → 200" },
  { section: "schema", path: "required", kind: "added", to: "kind", text: "required +kind" },
  { section: "schema", path: "properties.fax", kind: "removed", from: { type: "string", title: "传真" }, text: "properties.fax removed" },
  { section: "uischema", path: "uischema.elements[#/properties/phone]", kind: "added", to: {}, text: "uischema.elements[#/properties/phone] added" },
  { section: "title", path: "title.en", kind: "changed", from: "Fire check", to: "Monthly fire safety check", text: "title.en Fire check → Monthly fire safety check" },
];
api.diff = async (key, from, to) => ({ key, from, to, changes });
let refused = false;
const submit = api.submit;
api.submit = async (key, data) => {
  if (!refused) {
    refused = true;
    api.refuseNextSubmit([
      { path: "phone", keyword: "pattern", message: "应当匹配模式 \"^1[3-9]\\d{9}$\"", messages: { "zh-CN": "应当匹配模式 \"^1[3-9]\\d{9}$\"", en: "must match pattern \"^1[3-9]\\d{9}$\"" } },
      { path: "site", keyword: "x-unique", message: "该场所本月已检查", messages: { "zh-CN": "该场所本月已检查", en: "This site was already checked this month" } },
    ]);
  }
  return submit(key, data);
};
// The fill view reads the published version: publish the draft for it.
void api.publish("fire-check");

const locale = new URLSearchParams(location.search).get("locale") ?? "zh-CN";
document.documentElement.lang = locale;
const view = location.hash.slice(1) || "designer";

createApp({
  render: () => {
    if (view === "fill") return h(FormFill, { api, formKey: "fire-check", locale, initialData: { site: "幸福里 3 号楼", inspector: "王五", phone: "13800138000", date: "2025-03-01", kind: "shop" } });
    if (view === "history") return h("div", { style: "max-width: 760px; background: #fff; padding: 16px" }, [h(FormVersions, { api, formKey: "fire-check", locale })]);
    return h(FormDesigner, { api, formKey: view === "designer-new" ? undefined : "fire-check", locale });
  },
})
  .use(ElementPlus)
  .mount("#app");
