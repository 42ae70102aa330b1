/**
 * Browser side of bench/forms-render.ts: mounts the 40-field form with the Element Plus
 * renderer set `runs` times (a fresh JsonForms each time) and records, per run, the time from
 * the mount call until the browser has laid out and painted the form (two animation frames).
 * Results go to `window.__bench`.
 */
import { createApp, h, nextTick } from "vue";
import ElementPlus from "element-plus";
import "element-plus/dist/index.css";
import { JsonForms } from "@jsonforms/vue";
import { elementPlusRenderers } from "@anju/jsonforms-element-plus";
import { fortyFieldForm, submission } from "../lib/forty-field-form.js";

declare global {
  interface Window { __bench?: { ms: number[]; controls: number; unmatched: number } }
}

const schema = fortyFieldForm();
const data = submission(1, true);
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

async function mountOnce(host: HTMLElement): Promise<number> {
  const t0 = performance.now();
  const app = createApp({ render: () => h(JsonForms, { schema, data, renderers: Object.freeze(elementPlusRenderers) }) });
  app.use(ElementPlus);
  app.mount(host);
  await nextTick();
  await frame();
  await frame();
  const ms = performance.now() - t0;
  app.unmount();
  return ms;
}

async function main(): Promise<void> {
  const runs = Number(new URLSearchParams(location.search).get("runs") ?? "20");
  const host = document.getElementById("app")!;
  await mountOnce(host); // warm-up: first-time style and module costs
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await mountOnce(host));
  // One more, left mounted, to count what was rendered.
  const app = createApp({ render: () => h(JsonForms, { schema, data, renderers: Object.freeze(elementPlusRenderers) }) });
  app.use(ElementPlus);
  app.mount(host);
  await nextTick();
  await frame();
  const controls = host.querySelectorAll("input, textarea, .el-select, .el-switch, .el-checkbox").length;
  const unmatched = (host.textContent ?? "").split("No applicable renderer found").length - 1;
  window.__bench = { ms, controls, unmatched };
}

void main();
