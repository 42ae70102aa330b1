/**
 * Decisions by (subject, jurisdiction, permission). Any policy or tree change clears it whole:
 * changes are rare, and a partial invalidation that misses a case would grant stale access.
 * The epoch lets a decision computed across a clear be dropped instead of stored stale.
 */
export class DecisionCache {
  private readonly map = new Map<string, boolean>();
  epoch = 0;

  constructor(private readonly max = 100_000) {}

  static key(subject: string, jurisdiction: string, permission: string): string {
    return `${subject}\u0000${jurisdiction}\u0000${permission}`;
  }

  get(key: string): boolean | undefined {
    return this.map.get(key);
  }

  set(key: string, value: boolean, epoch: number): void {
    if (epoch !== this.epoch) return;
    // Oldest first out: Map iterates in insertion order.
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }

  clear(): void {
    this.map.clear();
    this.epoch++;
  }

  get size(): number {
    return this.map.size;
  }
}
