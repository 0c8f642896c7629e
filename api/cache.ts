// Computed metrics kept until the next import: figures only change when an
// import commits, and many people open the same views. Identical requests made
// while one is computing share that computation. Role shaping happens after, per viewer.
import type { Warehouse } from '../sql/db.ts';
import { getAsOf } from '../metrics/index.ts';

export class MetricCache {
  private entries = new Map<string, Promise<unknown>>();
  private stamp = '';
  constructor(private readonly maxEntries = 500) {}

  /** The cached result for key, or compute() once; everything is dropped when the data's import stamp changes. */
  async get(warehouse: Warehouse, key: string, compute: () => Promise<unknown>): Promise<unknown> {
    const { asOf, lastImport } = await getAsOf(warehouse);
    const stamp = `${lastImport?.id ?? 0}:${lastImport?.status ?? ''}:${asOf ?? ''}`;
    if (stamp !== this.stamp) {
      this.entries.clear();
      this.stamp = stamp;
    }
    const cached = this.entries.get(key);
    if (cached) {
      // Most recently used last, so the oldest is dropped first.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const pending = compute();
    this.entries.set(key, pending);
    pending.catch(() => this.entries.delete(key));
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }
}

/** The same parameters in any order give the same key. */
export function cacheKey(path: string, params: Record<string, unknown>): string {
  const sorted = Object.keys(params).sort().map((k) => [k, params[k]]);
  return `${path}?${JSON.stringify(sorted)}`;
}
