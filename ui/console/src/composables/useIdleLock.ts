/**
 * H9 auto-lock on the client: no keyboard, pointer or touch activity for the session's idle
 * limit locks the page (the server would refuse the next request anyway; locking at once
 * also hides what was on screen). While the user *is* active but the page makes no requests —
 * typing a long form — a light heartbeat keeps the server session alive, so the session ends
 * on inactivity, not on a quiet page.
 */
import { onBeforeUnmount, onMounted, watch } from "vue";
import { authApi } from "../api/auth";
import { useSessionStore } from "../stores/session";

const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "scroll"] as const;
/** How often the clock is looked at. */
const TICK_MS = 1000;
/**
 * Lock this much before the server's limit: the server measures idleness from its last
 * recorded touch (written at most every `touchSeconds`, 15 s by default), so it may end the
 * session a little before our count says so — and then the lock could no longer end it cleanly.
 */
const MARGIN_SECONDS = 20;

export function lockAfterMs(idleSeconds: number): number {
  return Math.max(idleSeconds - MARGIN_SECONDS, idleSeconds / 2) * 1000;
}

export function useIdleLock(): void {
  const session = useSessionStore();
  let lastActivity = Date.now();
  let lastBeat = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;

  const onActivity = () => {
    if (!session.locked) lastActivity = Date.now();
  };

  const tick = () => {
    if (!session.signedIn || session.locked) return;
    const now = Date.now();
    const limitMs = lockAfterMs(session.idleSeconds);
    if (now - lastActivity >= limitMs) {
      void session.lock("idle").catch(() => undefined);
      return;
    }
    // Active since the last beat, and half the limit has passed: tell the server we are here.
    if (lastActivity > lastBeat && now - lastBeat >= limitMs / 2) {
      lastBeat = now;
      void authApi.me().catch(() => undefined);
    }
  };

  // Unlocking is activity: count afresh (else the next tick would lock again at once).
  watch(() => session.locked, (locked) => {
    if (!locked) lastActivity = lastBeat = Date.now();
  });

  onMounted(() => {
    lastActivity = lastBeat = Date.now();
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { passive: true, capture: true });
    timer = setInterval(tick, TICK_MS);
  });
  onBeforeUnmount(() => {
    for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
    if (timer) clearInterval(timer);
  });
}
