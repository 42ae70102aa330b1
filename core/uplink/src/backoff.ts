/** Sleep helpers for the retry loops: doubling backoff, and a sleep that `wake()` cuts short. */
export class Backoff {
  private current: number;
  constructor(private readonly min: number, private readonly max: number) {
    this.current = min;
  }
  next(): number {
    const d = this.current;
    this.current = Math.min(this.max, this.current * 2);
    return d;
  }
  reset(): void {
    this.current = this.min;
  }
}

export class Waker {
  private wakeUp: (() => void) | null = null;
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(t);
        if (self.wakeUp === done) self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }
  wake(): void {
    this.wakeUp?.();
  }
}
