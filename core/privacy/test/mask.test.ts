/**
 * Masking vectors: the formats officials see by default (H11: "no unauthorised access").
 * Standard shapes keep the familiar format; anything else keeps at most half its characters.
 */
import { describe, expect, it } from "vitest";
import { mask, normalise, PrivacyErrors, type PiKind } from "../src/index.js";

const vectors: Array<[PiKind, string, string, string]> = [
  // [kind, input, masked, why]
  ["idNumber", "11010519491231001X", "110***********001X", "18-digit ID: first 3 and last 4"],
  ["idNumber", "11010519491231001x", "110***********001X", "lower-case check letter is upper-cased"],
  ["idNumber", "110105491231001", "110********1001", "15-digit first-generation ID"],
  ["idNumber", "１１０１０５１９４９１２３１００１Ｘ", "110***********001X", "full-width digits"],
  ["idNumber", "1234567", "1****67", "short value: at most half visible"],
  ["idNumber", "12", "*2", "two characters"],
  ["idNumber", "X", "*", "one character"],
  ["phone", "13812341234", "138****1234", "mainland mobile"],
  ["phone", "+86 138-1234-1234", "138****1234", "country code and separators"],
  ["phone", "008613812341234", "138****1234", "0086 prefix"],
  ["phone", "0551-62345678", "055******678", "landline keeps at most half"],
  ["phone", "110", "**0", "short number"],
  ["plate", "皖A12345", "皖A·***45", "petrol plate: province + letter + ·, last 2"],
  ["plate", "皖AD12345", "皖A·****45", "new-energy plate with 8 characters"],
  ["plate", "皖a·d1234 5", "皖A·****45", "separators and lower case normalised"],
  ["plate", "皖A1234学", "皖A·***4学", "special last character"],
  ["plate", "皖A12", "皖A·**", "too short: nothing after the prefix shown"],
  ["plate", "WJ12345", "W****45", "no province prefix: at most half visible"],
  ["name", "张三", "张*", "two-character name"],
  ["name", "张三丰", "张**", "surname kept"],
  ["name", "欧阳娜娜", "欧阳**", "compound surname"],
  ["name", "欧阳", "欧*", "compound surname alone is still masked"],
  ["name", "张", "*", "one character"],
  ["name", "𠮷野家", "𠮷**", "supplementary-plane character counts once"],
  ["name", "买买提·艾力", "买**·**", "middle dot kept"],
  ["name", "Zoe\u0308 Smith", "Z** *****", "combining mark is part of one character"],
  ["name", "  李四  ", "李*", "surrounding spaces trimmed"],
  ["address", "安徽省合肥市蜀山区长江西路123号2栋301室", "安徽省合肥市蜀山区****", "up to the district"],
  ["address", "北京市朝阳区建国路88号", "北京市朝阳区****", "municipality"],
  ["address", "内蒙古自治区呼和浩特市新城区中山路1号", "内蒙古自治区呼和浩特市新城区****", "autonomous region"],
  ["address", "安徽省合肥市肥西县上派镇", "安徽省合肥市肥西县****", "county"],
  ["address", "合肥市长江中路华润大厦东区5楼", "合肥市****", "a building's 区 is not a district"],
  ["address", "长江西路123号", "****", "no administrative levels: nothing shown"],
  ["address", "安徽省合肥市蜀山区", "安徽省合肥市蜀山区", "nothing below the district"],
  ["faceTemplateRef", "face-tpl-000123-ab12", "****ab12", "long reference: last 4"],
  ["faceTemplateRef", "abc", "****", "short reference: nothing"],
  ["credential", "0012 3456 7890", "****7890", "card number: last 4"],
  ["credential", "1234567", "****", "short credential: nothing"],
];

describe("mask(kind, value)", () => {
  it.each(vectors)("%s %s → %s (%s)", (kind, input, expected) => {
    expect(mask(kind, input)).toBe(expected);
  });

  it("never shows more than half of a value of unusual shape", () => {
    for (const kind of ["idNumber", "phone", "plate"] as const) {
      for (const v of ["1", "12", "123", "1234", "12345", "123456789", "1234567890123"]) {
        const visible = [...mask(kind, v)].filter((c) => c !== "*" && c !== "·").length;
        expect(visible, `${kind} ${v}`).toBeLessThanOrEqual(Math.floor(v.length / 2));
      }
    }
  });

  it("passes null and undefined through and keeps empty strings empty", () => {
    expect(mask("phone", null)).toBeNull();
    expect(mask("name", undefined)).toBeUndefined();
    expect(mask("name", "")).toBe("");
  });

  it("refuses an unknown kind with a coded error", () => {
    let err: unknown;
    try { mask("email" as PiKind, "a@b.c"); } catch (e) { err = e; }
    expect(err).toMatchObject({ type: "PI_KIND_UNKNOWN", code: 422 });
    expect(PrivacyErrors.PI_KIND_UNKNOWN({ kind: "email" }).messages.en).toContain("email");
  });
});

describe("credential blind-index form", () => {
  it("reads a card number the same however the reader spaced it, so an access event finds its authorisation", () => {
    expect(new Set(["0012 3456 7890", "0012-3456-7890", "001234567890", "００１２３４５６７８９０"].map((v) => normalise("credential", v)))).toEqual(new Set(["001234567890"]));
    expect(normalise("credential", "皖a·D12345")).toBe("皖AD12345");
  });
});
