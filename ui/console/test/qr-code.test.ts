/**
 * The TOTP enrolment QR code: drawn in the browser (the secret never leaves it) as a real QR
 * symbol an authenticator app can scan — three finder patterns in the corners, quiet zone,
 * and a symbol that grows with the text it carries.
 */
import { describe, expect, it } from "vitest";
import { mount } from "@vue/test-utils";
import QrCode from "../src/components/QrCode.vue";

const URI = "otpauth://totp/Anju:admin?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Anju&algorithm=SHA1&digits=6&period=30";
const BORDER = 2;

function darkCells(d: string): Set<string> {
  const cells = new Set<string>();
  for (const m of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) cells.add(`${m[1]},${m[2]}`);
  return cells;
}

/** A finder pattern: dark 7×7 ring, light ring inside, dark 3×3 centre. */
function hasFinder(cells: Set<string>, x0: number, y0: number): boolean {
  for (let y = 0; y < 7; y++) {
    for (let x = 0; x < 7; x++) {
      const ring = x === 0 || y === 0 || x === 6 || y === 6;
      const centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (cells.has(`${x0 + x},${y0 + y}`) !== (ring || centre)) return false;
    }
  }
  return true;
}

describe("QrCode", () => {
  it("draws a scannable symbol for an otpauth link, labelled for screen readers", () => {
    const wrapper = mount(QrCode, { props: { value: URI, label: "用验证器应用扫描此二维码" } });
    const svg = wrapper.get("svg");
    expect(svg.attributes("role")).toBe("img");
    expect(svg.attributes("aria-label")).toBe("用验证器应用扫描此二维码");
    const modules = Number(svg.attributes("data-modules"));
    const symbol = modules - 2 * BORDER;
    // QR versions are 21, 25, 29, … modules wide.
    expect((symbol - 21) % 4).toBe(0);
    const cells = darkCells(wrapper.get("path").attributes("d") ?? "");
    expect(hasFinder(cells, BORDER, BORDER)).toBe(true);
    expect(hasFinder(cells, BORDER + symbol - 7, BORDER)).toBe(true);
    expect(hasFinder(cells, BORDER, BORDER + symbol - 7)).toBe(true);
    expect(hasFinder(cells, BORDER + symbol - 7, BORDER + symbol - 7)).toBe(false);
    // Quiet zone: nothing dark in the border.
    for (const c of cells) {
      const [x, y] = c.split(",").map(Number);
      expect(x >= BORDER && y >= BORDER && x < modules - BORDER && y < modules - BORDER).toBe(true);
    }
  });

  it("a longer secret needs a bigger symbol; an empty value draws nothing", () => {
    const short = mount(QrCode, { props: { value: "otpauth://totp/a?secret=AB", label: "qr" } });
    const long = mount(QrCode, { props: { value: URI, label: "qr" } });
    expect(Number(long.get("svg").attributes("data-modules"))).toBeGreaterThan(Number(short.get("svg").attributes("data-modules")));
    expect(mount(QrCode, { props: { value: "", label: "qr" } }).find("svg").exists()).toBe(false);
  });
});
