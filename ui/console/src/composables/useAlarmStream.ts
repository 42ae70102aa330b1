/**
 * The live alarm stream (`GET /api/devices/alarms/stream`, server-sent events) for as long as the
 * calling component is mounted. `state` follows the EventSource: connected once it is open,
 * reconnecting while the browser retries a dropped connection by itself. A stream the server
 * refused (a lost session answers 401, which ends an EventSource for good) is opened again
 * after `resync` — the page's reload of the list, which goes through the request client and so
 * waits for the lock screen's re-login — and every reconnect resyncs, so frames missed while
 * the connection was down are not lost.
 */
import { onBeforeUnmount, onMounted, ref, type Ref } from "vue";
import { devicesApi, type AlarmFrame } from "../api/devices";

export type StreamState = "connecting" | "connected" | "reconnecting";

export interface AlarmStreamOptions {
  onFrame(frame: AlarmFrame): void;
  /** Reload what the stream may have missed (called before each reopen and after a reconnect). */
  resync(): Promise<void>;
  /** Delay before reopening a stream the server closed (ms). */
  retryMs?: number;
}

export function useAlarmStream(opts: AlarmStreamOptions): { state: Ref<StreamState>; close(): void } {
  const state = ref<StreamState>("connecting");
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dropped = false;
  let stopped = false;

  function open(): void {
    if (stopped) return;
    const es = new EventSource(devicesApi.streamUrl(), { withCredentials: true });
    source = es;
    es.onopen = () => {
      state.value = "connected";
      if (dropped) { dropped = false; void opts.resync().catch(() => undefined); }
    };
    es.addEventListener("alarm", (e) => {
      try {
        opts.onFrame(JSON.parse((e as MessageEvent<string>).data) as AlarmFrame);
      } catch {
        // Not a frame of ours: ignored rather than breaking the page.
      }
    });
    es.onerror = () => {
      if (stopped) return;
      state.value = "reconnecting";
      dropped = true;
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        source = null;
        timer = setTimeout(() => { timer = null; void opts.resync().catch(() => undefined).then(open); }, opts.retryMs ?? 3000);
      }
    };
  }

  function close(): void {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    source?.close();
    source = null;
  }

  onMounted(open);
  onBeforeUnmount(close);
  return { state, close };
}
