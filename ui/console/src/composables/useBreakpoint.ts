/** True under 768px: the side menu becomes a drawer and dialogs take the screen's width. */
import { onBeforeUnmount, ref, type Ref } from "vue";

export const MOBILE_QUERY = "(max-width: 767px)";

export function useIsMobile(): Ref<boolean> {
  const query = typeof window !== "undefined" && window.matchMedia ? window.matchMedia(MOBILE_QUERY) : null;
  const mobile = ref(query?.matches ?? false);
  const update = (e: MediaQueryListEvent) => { mobile.value = e.matches; };
  query?.addEventListener?.("change", update);
  onBeforeUnmount(() => query?.removeEventListener?.("change", update));
  return mobile;
}
