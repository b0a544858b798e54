/**
 * Bounded memo tables for pure functions of instruction text. The build plan is recomputed
 * after every pass edit and most instructions are the same text each time (and across the
 * Dockerfiles of a monorepo), so reading them once per process pays. A table forgets
 * everything when it fills: cheaper than LRU bookkeeping, and a miss only costs a recompute.
 *
 * Keys are the text itself plus a short variant (escape character, offsets), kept apart so
 * that a lookup hashes the caller's own string, whose hash V8 keeps, rather than a new one.
 * Cached values are shared: callers must treat them as read-only.
 */
export class TextMemo<V> {
  private readonly tables = new Map<string | number, Map<string, V>>();
  private size = 0;

  constructor(private readonly limit: number) {}

  get(text: string, variant: string | number, compute: () => V): V {
    let table = this.tables.get(variant);
    const hit = table?.get(text);
    if (hit !== undefined) return hit;
    const value = compute();
    if (this.size >= this.limit) {
      this.tables.clear();
      this.size = 0;
      table = undefined;
    }
    if (!table) this.tables.set(variant, (table = new Map()));
    table.set(text, value);
    this.size++;
    return value;
  }
}
