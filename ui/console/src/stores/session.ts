/**
 * Who is signed in, and the lock screen. The lock (H9 auto-lock) keeps the page as it is: it
 * ends the server session, shows the unlock dialog over the page, and holds back every request
 * that met a lost session until the same user has signed in again — then those requests go
 * out once more and the work continues where it stopped.
 */
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { authApi } from "../api/auth";
import { ApiError } from "../api/http";
import type { Me } from "../api/types";

export type LockReason = "idle" | "lost";

export const useSessionStore = defineStore("session", () => {
  const me = ref<Me | null>(null);
  const locked = ref(false);
  const lockReason = ref<LockReason>("idle");
  /** Requests waiting for the unlock. */
  let waiters: Array<{ resolve(): void; reject(err: unknown): void }> = [];

  const signedIn = computed(() => me.value !== null);
  const permissions = computed(() => new Set(me.value?.permissions ?? []));
  const idleSeconds = computed(() => me.value?.session?.idleTimeoutSeconds ?? 300);
  const displayName = computed(() => me.value?.user.displayName || me.value?.user.username || "");

  async function refresh(): Promise<Me | null> {
    try {
      me.value = await authApi.me({ noRelogin: true });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) me.value = null;
      else throw err;
    }
    return me.value;
  }

  /** Lock the page: the server session ends now, not when the server notices the idle time. */
  function lock(reason: LockReason): Promise<void> {
    if (!me.value) return Promise.reject(new ApiError(401, "SESSION_INVALID", "signed out"));
    if (!locked.value) {
      locked.value = true;
      lockReason.value = reason;
      if (reason === "idle") void authApi.logout().catch(() => undefined);
    }
    return new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
  }

  /**
   * Sign the same user in again and put the session back on the jurisdiction it had. Throws the
   * server's error (wrong password, OTP_REQUIRED, lockout) for the dialog to show.
   */
  async function unlock(password: string, otp?: string): Promise<void> {
    const previous = me.value;
    if (!previous) throw new ApiError(401, "SESSION_INVALID", "signed out");
    const answer = await authApi.login(previous.user.username, password, otp);
    if (answer.jurisdiction !== previous.jurisdiction.code) {
      await authApi.switchJurisdiction(previous.jurisdiction.code).catch(() => undefined);
    }
    await refresh();
    locked.value = false;
    const release = waiters;
    waiters = [];
    for (const w of release) w.resolve();
  }

  /** Give up the locked session (switch account): waiting requests fail, the page goes to sign-in. */
  async function abandon(): Promise<void> {
    const release = waiters;
    waiters = [];
    locked.value = false;
    me.value = null;
    for (const w of release) w.reject(new ApiError(401, "SESSION_INVALID", "signed out"));
  }

  async function logout(): Promise<void> {
    await authApi.logout().catch(() => undefined);
    me.value = null;
    locked.value = false;
  }

  function can(permission: string): boolean {
    return permissions.value.has(permission);
  }

  return { me, locked, lockReason, signedIn, permissions, idleSeconds, displayName, refresh, lock, unlock, abandon, logout, can };
});
