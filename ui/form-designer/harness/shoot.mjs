/**
 * Screenshots of the harness build in real Chromium: serves /tmp/fd-harness on a free port and
 * writes /tmp/fd-shots/*.png. Run after `npx vite build --config ui/form-designer/harness/vite.config.mjs`.
 */
import { createServer } from "node:http";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import { extname, join } from "node:path";
import { chromium } from "playwright-core";

const root = process.env.FD_HARNESS_OUT ?? "/tmp/fd-harness";
const out = process.env.FD_SHOTS ?? "/tmp/fd-shots";
mkdirSync(out, { recursive: true });
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf" };
const server = createServer((req, res) => {
  const path = join(root, decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html");
  if (!path.startsWith(root) || !existsSync(path)) return res.writeHead(404).end();
  res.writeHead(200, { "Content-Type": types[extname(path)] ?? "application/octet-stream" }).end(readFileSync(path));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/index.html`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
async function shot(name, url, { width = 1600, height = 1000, act } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on("pageerror", (e) => errors.push(`${name}: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`${name}: ${m.text()}`));
  await page.goto(url);
  await page.waitForTimeout(600);
  if (act) await act(page);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  await page.close();
}

const select = (key) => (p) => p.click(`.anju-fd-node[data-key="${key}"] .anju-fd-node__title`);
await shot("designer-zh", `${base}#designer`, { act: select("phone") });
await shot("designer-en-rule", `${base}?locale=en#designer`, { act: select("hazardNotes") });
await shot("designer-medium", `${base}#designer`, { width: 1100, height: 900, act: select("kind") });
await shot("designer-narrow", `${base}#designer`, { width: 760, height: 900, act: select("site") });
// Real HTML5 drag and drop: an Email field from the palette into the group, after "Site".
await shot("designer-dragged", `${base}#designer`, {
  act: async (p) => {
    await p.dragAndDrop('.anju-fd-palette__item[data-what="email"]', '.anju-fd-node--group > .anju-fd-node__children > .anju-fd-drop >> nth=1');
    const inGroup = await p.locator('.anju-fd-node--group .anju-fd-node[data-key="email1"]').count();
    console.log(inGroup === 1 ? "drag and drop: email1 landed in the group" : "drag and drop: FAILED");
    await p.dragAndDrop('.anju-fd-node[data-key="photo"] .anju-fd-node__title', '.anju-fd-canvas > .anju-fd-drop >> nth=0');
    const first = await p.locator(".anju-fd-canvas > .anju-fd-node").first().getAttribute("data-key");
    console.log(first === "photo" ? "drag to reorder: photo is first" : `drag to reorder: FAILED (${first})`);
  },
});
await shot("designer-json", `${base}#designer`, {
  act: async (p) => {
    await p.click(".el-tabs__item#tab-json");
    await p.fill(".anju-fd-json__schema textarea", "{ not json");
    await p.click(".anju-fd-json__apply");
  },
});
await shot("designer-new", `${base}#designer-new`, {
  act: async (p) => {
    await p.click('.anju-fd-palette__item[data-what="categorization"]');
    await p.click('.anju-fd-palette__item[data-what="text"]');
  },
});
// A time picked in the preview is stored with its offset, which the server's `format: time` needs.
await shot("designer-time", `${base}#designer`, {
  act: async (p) => {
    await p.click('.anju-fd-preview-pane__form .el-date-editor--time input');
    await p.click(".el-time-panel__btn.confirm");
    await p.click(".anju-fd-preview-pane__data summary");
    const data = JSON.parse(await p.locator(".anju-fd-preview-pane__data pre").innerText());
    console.log(/^\d\d:\d\d:\d\d[+-]\d\d:\d\d$/.test(data.time) ? `time stored as ${data.time}` : `time: FAILED (${JSON.stringify(data)})`);
  },
});
await shot("history", `${base}#history`, { width: 900, height: 800 });
await shot("fill-errors", `${base}#fill`, {
  width: 1000,
  act: async (p) => {
    await p.click(".anju-fd-fill__actions button");
  },
});
await shot("fill-en", `${base}?locale=en#fill`, { width: 1000 });
await shot("phone", `${base}#fill`, { width: 390, height: 844 });

await browser.close();
server.close();
if (errors.length) console.log("page errors:\n" + errors.join("\n"));
console.log(`screenshots in ${out}`);
