/**
 * Choosing in Element Plus's tree select by keyboard. ↓ from the field moves into the tree and
 * ↑/↓ walk its nodes, but Enter on a node does nothing there (the tree only ticks checkboxes on
 * Enter, and picks a node on ←/→, which nobody guesses). Here Enter or Space on a node picks
 * it, as a click would, and focus goes back to the field, which is where the user started.
 */
import { onBeforeUnmount, onMounted, type Ref } from "vue";

export function useTreeSelectKeyboard(popperClass: string, select: Ref<{ focus(): void } | null>): void {
  function onKeydown(event: KeyboardEvent): void {
    if (event.key !== "Enter" && event.key !== " ") return;
    const node = event.target as HTMLElement | null;
    if (!node?.classList?.contains("el-tree-node") || !node.closest(`.${popperClass}`)) return;
    event.preventDefault();
    event.stopPropagation();
    node.querySelector<HTMLElement>(":scope > .el-tree-node__content")?.click();
    select.value?.focus();
  }
  // The dropdown is teleported to <body>, outside this component: listen on the document.
  onMounted(() => document.addEventListener("keydown", onKeydown, true));
  onBeforeUnmount(() => document.removeEventListener("keydown", onKeydown, true));
}
