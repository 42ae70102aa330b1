/**
 * Keyboard use of Element Plus's vertical menu, which leaves every item at tabindex -1 (its
 * own keyboard support is for horizontal menus only), so the side menu could not be reached
 * without a mouse. This follows the WAI-ARIA menu pattern on the markup Element Plus renders:
 * one Tab stop (the current page's item), ↑/↓ (Home/End) move between the visible items,
 * Enter/Space open a page or fold a group, → opens a group and enters it, ← leaves it.
 * In the collapsed (icons-only) menu a group opens as a hover popup the keyboard cannot
 * follow, so Enter or → on a group asks for the full menu instead (`expand`).
 */
import { nextTick, onBeforeUnmount, onMounted, onUpdated, type Ref } from "vue";

const ITEM = "li.el-menu-item, li.el-sub-menu";

function isGroup(el: Element): boolean {
  return el.classList.contains("el-sub-menu");
}

function titleOf(group: Element): HTMLElement | null {
  return group.querySelector<HTMLElement>(":scope > .el-sub-menu__title");
}

export function useMenuKeyboard(root: Ref<HTMLElement | null>, options: { collapsed: () => boolean; expand: () => void }): void {
  /** The items a sighted user sees now, in order (those inside a folded group are hidden). */
  function visibleItems(): HTMLElement[] {
    const all = root.value ? Array.from(root.value.querySelectorAll<HTMLElement>(ITEM)) : [];
    return all.filter((el) => el.offsetParent !== null || el.getClientRects().length > 0);
  }

  /** Exactly one Tab stop: the focused item, else the current page's, else the first. */
  function settleTabStop(preferred?: HTMLElement): void {
    const items = visibleItems();
    const stop = (preferred && items.includes(preferred) ? preferred : null)
      ?? items.find((el) => el === document.activeElement)
      ?? items.find((el) => el.classList.contains("el-menu-item") && el.classList.contains("is-active"))
      ?? items[0];
    for (const el of root.value?.querySelectorAll<HTMLElement>(ITEM) ?? []) el.setAttribute("tabindex", el === stop ? "0" : "-1");
  }

  function focus(el: HTMLElement | undefined): void {
    if (!el) return;
    settleTabStop(el);
    el.focus();
  }

  function toggle(group: HTMLElement): void {
    if (options.collapsed()) {
      // The full menu is drawn anew: keep the keyboard on the same group in it.
      const key = group.dataset.menu;
      options.expand();
      void nextTick(() => {
        const again = key ? root.value?.querySelector<HTMLElement>(`li[data-menu="${CSS.escape(key)}"]`) : null;
        focus(again ?? undefined);
      });
      return;
    }
    titleOf(group)?.click();
  }

  function onKeydown(event: KeyboardEvent): void {
    const item = (event.target as HTMLElement | null)?.closest<HTMLElement>(ITEM);
    // Only keys pressed on an item itself: a group's key handling must not run for its children.
    if (!item || item !== event.target) return;
    const items = visibleItems();
    const index = items.indexOf(item);
    const open = isGroup(item) && item.classList.contains("is-opened");
    const parentGroup = item.parentElement?.closest<HTMLElement>("li.el-sub-menu") ?? undefined;
    let handled = true;
    switch (event.key) {
      case "ArrowDown": focus(items[(index + 1) % items.length]); break;
      case "ArrowUp": focus(items[(index - 1 + items.length) % items.length]); break;
      case "Home": focus(items[0]); break;
      case "End": focus(items[items.length - 1]); break;
      case "Enter":
      case " ":
        if (isGroup(item)) toggle(item);
        else item.click();
        break;
      case "ArrowRight":
        if (!isGroup(item)) handled = false;
        else if (!open) toggle(item);
        else focus(visibleItems()[index + 1]);
        break;
      case "ArrowLeft":
        if (open) toggle(item);
        else if (parentGroup) focus(parentGroup);
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  function onFocusIn(event: FocusEvent): void {
    const item = (event.target as HTMLElement | null)?.closest<HTMLElement>(ITEM);
    if (item && item === event.target) settleTabStop(item);
  }

  onMounted(() => {
    root.value?.addEventListener("keydown", onKeydown);
    root.value?.addEventListener("focusin", onFocusIn);
    settleTabStop();
  });
  // Menus change with the jurisdiction and the route; keep one Tab stop among the new items.
  onUpdated(() => settleTabStop(document.activeElement instanceof HTMLElement ? document.activeElement : undefined));
  onBeforeUnmount(() => {
    root.value?.removeEventListener("keydown", onKeydown);
    root.value?.removeEventListener("focusin", onFocusIn);
  });
}
