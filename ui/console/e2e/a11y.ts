/**
 * Accessible names as Chromium computes them for screen readers (the accessibility tree over
 * CDP: aria-label, aria-labelledby, <label for>, text content, in the browser's own order of
 * precedence), so a control counts as named exactly when a screen reader would announce a name.
 */
import type { Page } from "playwright-core";

/** Roles of things a user operates: form fields, buttons, links, menu and tree items. */
const CONTROL_ROLES = new Set([
  "button", "link", "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "switch",
  "spinbutton", "slider", "menuitem", "menuitemcheckbox", "menuitemradio", "tab", "treeitem", "option",
]);

interface AXNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
}

/** Every control on the page that is exposed to assistive technology without a name, as short HTML. */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: AXNode[] };
    const out: string[] = [];
    for (const node of nodes) {
      // Ignored nodes are hidden (display:none, aria-hidden, closed popups): nobody meets them.
      if (node.ignored || !CONTROL_ROLES.has(node.role?.value ?? "")) continue;
      if ((node.name?.value ?? "").trim()) continue;
      out.push(`${node.role?.value}: ${await outerHtml(cdp, node.backendDOMNodeId)}`);
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

/** How many controls were checked (so a test can tell "all named" from "found none"). */
export async function namedControlCount(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: AXNode[] };
    return nodes.filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? "") && (n.name?.value ?? "").trim()).length;
  } finally {
    await cdp.detach();
  }
}

async function outerHtml(cdp: Awaited<ReturnType<ReturnType<Page["context"]>["newCDPSession"]>>, backendNodeId: number | undefined): Promise<string> {
  if (backendNodeId === undefined) return "(no DOM node)";
  const { object } = await cdp.send("DOM.resolveNode", { backendNodeId });
  const r = await cdp.send("Runtime.callFunctionOn", {
    objectId: object.objectId,
    functionDeclaration: "function () { return this.outerHTML ? this.outerHTML.slice(0, 200) : String(this.nodeName); }",
    returnByValue: true,
  });
  return String(r.result.value);
}

/** What has the keyboard focus, in words a failing assertion can show. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "body";
    const name = el.getAttribute("aria-label") ?? (el as HTMLElement).innerText?.trim().slice(0, 40) ?? "";
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}[role=${el.getAttribute("role") ?? ""}] ${name}`;
  });
}
