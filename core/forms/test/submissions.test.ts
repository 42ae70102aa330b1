/**
 * Submissions over HTTP: validated on the server against the caller's effective form, errors
 * on field paths in zh-CN and en, nothing stored for a bad one (no row, no file), the version
 * recorded on every submission, attachments checked by their bytes and stored once by content,
 * and another jurisdiction's submissions answering 404.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { runtimeOf } from "../src/index.js";
import { attachment, auditRows, DEMO_FORM, FILES, startFormsNode, TREE, type FormsNode } from "./helpers.js";

const OWN = "duty-log";
const ownSchema = {
  type: "object",
  additionalProperties: false,
  required: ["officer", "shift"],
  properties: {
    officer: { type: "string", minLength: 2, maxLength: 20 },
    shift: { type: "string", enum: ["day", "night"] },
    visitors: { type: "integer", minimum: 0 },
    contact: { type: "object", additionalProperties: false, properties: { phone: { type: "string", pattern: "^1[3-9][0-9]{9}$", "x-pattern-message": { "zh-CN": "请输入 11 位手机号", en: "enter an 11-digit mobile number" } } }, required: ["phone"] },
    report: { title: "报告", "x-attachment": { types: ["pdf"], maxBytes: 4096 } },
    photos: { type: "array", maxItems: 3, items: { "x-attachment": { types: ["png", "jpeg", "gif", "webp"], maxBytes: 4096 } } },
  },
};
const valid = { officer: "王警官", shift: "night", visitors: 3, contact: { phone: "13800138000" } };

describe.each(testDbKinds())("submissions on %s", (kind) => {
  let f: FormsNode;
  const files = () => runtimeOf(f.n.host).files.list();
  const stored = async () => ({ submissions: await f.count("anju_form_submission"), files: await f.count("anju_form_file"), onDisk: files().length });

  beforeAll(async () => {
    f = await startFormsNode(kind, ["designer", "official", "hfOfficial", "reviewer", "tlReviewer", "tlDesigner"]);
    const created = await f.api("designer", "POST", "/api/forms", { key: OWN, title: { "zh-CN": "值班日志", en: "Duty log" }, schema: ownSchema });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    await f.api("designer", "POST", `/api/forms/${OWN}/publish`, {});
  });
  afterAll(async () => f?.close());

  it("stores a valid submission with the form version it was made against", async () => {
    const r = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data: valid });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ key: OWN, version: 1, jurisdiction: TREE.yaohai, data: valid, attachments: [], extension: null });
    const read = await f.api("reviewer", "GET", `/api/forms/submissions/${r.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(r.body);
  });

  it("records version 2 on submissions after version 2 is published, and keeps version 1 on the earlier ones", async () => {
    const v2 = { ...ownSchema, properties: { ...ownSchema.properties, remarks: { type: "string", maxLength: 100 } } };
    expect((await f.api("designer", "PUT", `/api/forms/${OWN}/draft`, { schema: v2 })).status).toBe(200);
    // The draft is not what officials fill: a field only the draft has is still refused.
    const early = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data: { ...valid, remarks: "草稿字段" } });
    expect(early.status).toBe(422);
    await f.api("designer", "POST", `/api/forms/${OWN}/publish`, {});
    const later = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data: { ...valid, remarks: "正常" } });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect(later.body.version).toBe(2);
    const list = await f.api("reviewer", "GET", `/api/forms/submissions?key=${OWN}`);
    expect(list.body.items.map((s: { version: number }) => s.version).sort()).toEqual([1, 2]);
  });

  describe("refuses a bad submission with field paths and stores nothing", () => {
    const cases: Array<[string, Record<string, unknown>, Array<{ path: string; keyword: string }>]> = [
      ["an extra property", { ...valid, bribe: 100 }, [{ path: "bribe", keyword: "additionalProperties" }]],
      ["an extra nested property", { ...valid, contact: { phone: "13800138000", fax: "1" } }, [{ path: "contact.fax", keyword: "additionalProperties" }]],
      ["a wrong type", { ...valid, visitors: "three" }, [{ path: "visitors", keyword: "type" }]],
      ["a number where text is expected", { ...valid, officer: 12345 }, [{ path: "officer", keyword: "type" }]],
      ["a missing required field", { shift: "day" }, [{ path: "officer", keyword: "required" }]],
      ["a missing nested required field", { ...valid, contact: {} }, [{ path: "contact.phone", keyword: "required" }]],
      ["a value outside the enum", { ...valid, shift: "noon" }, [{ path: "shift", keyword: "enum" }]],
      ["a bad nested pattern", { ...valid, contact: { phone: "110" } }, [{ path: "contact.phone", keyword: "pattern" }]],
      ["several problems at once", { officer: "王", shift: "noon", visitors: -1 }, [{ path: "officer", keyword: "minLength" }, { path: "shift", keyword: "enum" }, { path: "visitors", keyword: "minimum" }]],
    ];
    it.each(cases)("%s", async (_what, data, expected) => {
      const before = await stored();
      const r = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe("FORM_SUBMISSION_INVALID");
      expect(r.body.error.data.fields).toEqual(expect.arrayContaining(expected.map((e) => expect.objectContaining(e))));
      expect(r.body.error.data.count).toBe(r.body.error.data.fields.length);
      expect(await stored()).toEqual(before);
    });
  });

  it("explains each error in zh-CN by default and in English on request, on the same field path", async () => {
    const data = { ...valid, visitors: "three", contact: { phone: "110" } };
    const zh = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data });
    const en = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data }, "en");
    const byPath = (body: { error: { data: { fields: Array<{ path: string; message: string }> } } }) => Object.fromEntries(body.error.data.fields.map((x) => [x.path, x.message]));
    expect(byPath(zh.body)).toEqual({ visitors: "应当是 integer 类型", "contact.phone": "请输入 11 位手机号" });
    expect(byPath(en.body)).toEqual({ visitors: "must be integer", "contact.phone": "enter an 11-digit mobile number" });
    expect(zh.body.error.message).toMatch(/^提交内容有 2 处错误：visitors 应当是 integer 类型/);
    expect(en.body.error.message).toMatch(/^The submission has 2 error\(s\): visitors must be integer/);
    expect(zh.body.error.data.fields[0].messages).toEqual({ "zh-CN": "应当是 integer 类型", en: "must be integer" });
  });

  describe("attachments", () => {
    it("stores a PDF and pictures whose bytes match, once per content, and gives them back", async () => {
      const before = await stored();
      const data = { ...valid, report: attachment("巡查报告.pdf", FILES.pdf), photos: [attachment("a.png", FILES.png), attachment("b.webp", FILES.webp), attachment("c.png", FILES.png)] };
      const r = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.attachments.map((a: { field: string; type: string }) => `${a.field}:${a.type}`)).toEqual(["photos.0:png", "photos.1:webp", "photos.2:png", "report:pdf"]);
      // The answer holds a reference, not the bytes.
      expect(r.body.data.report).toMatchObject({ name: "巡查报告.pdf", type: "pdf", size: FILES.pdf.length, fileId: expect.any(String) });
      expect(JSON.stringify(r.body.data)).not.toContain(FILES.pdf.toString("base64"));
      const after = await stored();
      expect(after.submissions).toBe(before.submissions + 1);
      expect(after.files).toBe(before.files + 4);
      expect(after.onDisk).toBe(before.onDisk + 3); // the PNG twice, stored once
      const report = r.body.attachments.find((a: { field: string }) => a.field === "report");
      const back = await f.api("reviewer", "GET", `/api/forms/submissions/${r.body.id}/attachments/${report.id}`);
      expect(back.status).toBe(200);
      expect(Buffer.from(back.body.content, "base64").equals(FILES.pdf)).toBe(true);
      expect(back.body).toMatchObject({ mime: "application/pdf", name: "巡查报告.pdf" });
    });

    const refused: Array<[string, Record<string, unknown>, string, string]> = [
      ["a PNG name on other bytes", { report: attachment("report.pdf", FILES.fakePng) }, "report", "ATTACHMENT_TYPE_UNKNOWN"],
      ["a picture where only PDF is allowed", { report: attachment("report.pdf", FILES.jpeg) }, "report", "ATTACHMENT_TYPE_NOT_ALLOWED"],
      ["a file that is no picture in a list of pictures", { photos: [attachment("ok.png", FILES.png), attachment("x.png", FILES.fakePng)] }, "photos.1", "ATTACHMENT_TYPE_UNKNOWN"],
      ["a file above the field's size", { report: attachment("big.pdf", Buffer.concat([FILES.pdf, Buffer.alloc(5000)])) }, "report", "ATTACHMENT_TOO_LARGE"],
      ["content that is not base64", { report: { name: "r.pdf", content: "%%%not base64%%%" } }, "report", "ATTACHMENT_ENCODING"],
      ["an empty file", { report: { name: "r.pdf", content: "" } }, "report", "ATTACHMENT_EMPTY"],
      ["an attachment without a name", { report: { content: FILES.pdf.toString("base64") } }, "report", "ATTACHMENT_SHAPE"],
      ["a file name with a path", { report: attachment("../../etc/passwd", FILES.pdf) }, "report", "ATTACHMENT_SHAPE"],
    ];
    it.each(refused)("refuses %s and stores no row and no file", async (_what, extra, path, reason) => {
      const before = await stored();
      // A valid picture rides along: it must not be stored either.
      const r = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data: { photos: [attachment("fine.gif", FILES.gif)], ...valid, ...extra } });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe("FORM_SUBMISSION_INVALID");
      expect(r.body.error.data.fields).toContainEqual(expect.objectContaining({ path, keyword: "x-attachment", reason }));
      expect(await stored()).toEqual(before);
    });

    it("removes the files it wrote when the submission's transaction fails", async () => {
      const before = await stored();
      const ds = f.n.host.ds;
      const original = ds.transaction.bind(ds);
      // The rows are written, then the commit fails (a lost connection, a full disk): all rolls back.
      (ds as unknown as { transaction: unknown }).transaction = (work: (m: unknown) => Promise<unknown>) =>
        original(async (m) => { await work(m); throw new Error("simulated failure at commit"); });
      try {
        const unique = Buffer.concat([FILES.pdf, Buffer.from(`unique ${Date.now()}`)]);
        const r = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data: { ...valid, report: attachment("r.pdf", unique) } });
        expect(r.status).toBe(500);
      } finally {
        (ds as unknown as { transaction: unknown }).transaction = original;
      }
      expect(await stored()).toEqual(before);
    });

    it("leaves a body over the gateway's limit to the gateway: 413, nothing stored", async () => {
      const before = await stored();
      const big = Buffer.concat([FILES.pdf, Buffer.alloc(80 * 1024)]);
      const r = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data: { ...valid, report: attachment("big.pdf", big) } });
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe("PAYLOAD_TOO_LARGE");
      expect(await stored()).toEqual(before);
    });

    it("accepts a file only where the schema has an attachment field", async () => {
      const r = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data: { ...valid, officer: attachment("x.pdf", FILES.pdf) } });
      expect(r.status).toBe(422);
      expect(r.body.error.data.fields).toContainEqual(expect.objectContaining({ path: "officer", keyword: "type" }));
    });
  });

  it("validates a plugin form against the jurisdiction's extension, and records the extension revision", async () => {
    await f.n.host.plugins.install("forms-demo");
    await f.n.host.plugins.enable("forms-demo", TREE.hefei);
    const base = (await f.api("designer", "GET", `/api/forms/${DEMO_FORM}`)).body.schema;
    base.properties.phone = { type: "string", pattern: "^0551-[0-9]{8}$" };
    base.required.push("phone");
    expect((await f.api("designer", "PUT", `/api/forms/${DEMO_FORM}/extension`, { schema: base })).status).toBe(200);
    const data = { building: "3栋", inspectedOn: "2026-03-01", residents: 120, hazard: "none", photo: attachment("site.jpg", FILES.jpeg) };
    const missing = await f.api("official", "POST", `/api/forms/${DEMO_FORM}/submissions`, { data });
    expect(missing.status).toBe(422);
    expect(missing.body.error.data.fields).toEqual([expect.objectContaining({ path: "phone", keyword: "required" })]);
    // No x-pattern-message on this field: the person reads "wrong format", never the regex.
    const badPhone = await f.api("official", "POST", `/api/forms/${DEMO_FORM}/submissions`, { data: { ...data, phone: "12345678" } });
    expect(badPhone.body.error.data.fields).toEqual([expect.objectContaining({ path: "phone", keyword: "pattern", messages: { "zh-CN": "格式不正确", en: "does not have the expected format" } })]);
    expect(badPhone.body.error.message).not.toContain("0551-");
    const badDate = await f.api("official", "POST", `/api/forms/${DEMO_FORM}/submissions`, { data: { ...data, phone: "0551-12345678", inspectedOn: "2026-02-30" } });
    expect(badDate.body.error.data.fields).toEqual([expect.objectContaining({ path: "inspectedOn", keyword: "format" })]);
    const ok = await f.api("official", "POST", `/api/forms/${DEMO_FORM}/submissions`, { data: { ...data, phone: "0551-12345678" } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ version: 1, extension: { jurisdiction: TREE.hefei, revision: 1 }, attachments: [expect.objectContaining({ field: "photo", type: "jpeg" })] });
  });

  describe("tenancy and permissions", () => {
    let hefeiId: string;
    beforeAll(async () => {
      const r = await f.api("hfOfficial", "POST", `/api/forms/${OWN}/submissions`, { data: valid });
      hefeiId = r.body.id;
    });

    it("answers 404 for another city's submission and its files, and leaves it out of lists", async () => {
      for (const path of [`/api/forms/submissions/${hefeiId}`, `/api/forms/submissions/${hefeiId}/attachments/00000000-0000-0000-0000-000000000000`]) {
        const r = await f.api("tlReviewer", "GET", path);
        expect(r.status, path).toBe(404);
        expect(r.body.error.code).toMatch(/^FORM_(SUBMISSION|ATTACHMENT)_NOT_FOUND$/);
      }
      expect((await f.api("tlReviewer", "GET", "/api/forms/submissions")).body).toMatchObject({ items: [], total: 0 });
      expect((await f.api("reviewer", "GET", "/api/forms/submissions")).body.total).toBeGreaterThan(0);
    });

    it("takes the jurisdiction from the session: a jurisdiction in the body or query changes nothing", async () => {
      const r = await f.api("official", "POST", `/api/forms/${OWN}/submissions?jurisdiction=${TREE.tongling}`, { data: valid });
      // Unknown params are refused; the session's jurisdiction is the only one there is.
      expect(r.status).toBe(422);
      const own = await f.api("official", "POST", `/api/forms/${OWN}/submissions`, { data: valid });
      expect(own.body.jurisdiction).toBe(TREE.yaohai);
      expect((await f.api("tlReviewer", "GET", `/api/forms/submissions/${own.body.id}`)).status).toBe(404);
    });

    it("lets a reviewer read but not submit, and an official submit but not read", async () => {
      expect((await f.api("reviewer", "POST", `/api/forms/${OWN}/submissions`, { data: valid })).status).toBe(403);
      expect((await f.api("official", "GET", "/api/forms/submissions")).status).toBe(403);
      // Tongling cannot even see Hefei's form to submit to it.
      expect((await f.api("tlDesigner", "GET", `/api/forms/${OWN}`)).status).toBe(404);
    });

    it("audits each submission without its answers", async () => {
      const rows = await auditRows(f, "forms.submission.create");
      expect(rows.length).toBeGreaterThanOrEqual(4);
      expect(rows.some((r) => r.object === hefeiId && r.jurisdiction === TREE.hefei)).toBe(true);
      expect(rows.map((r) => r.detail).join("")).not.toContain("王警官");
    });
  });
});
