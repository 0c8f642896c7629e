// Computed metrics kept until the next import: figures only change when an
// import commits, and many people open the same views. Identical requests made
// while one is computing share that computation. Role shaping happens after, per viewer.
import { createHash } from 'node:crypto';
import type { Warehouse } from '../sql/db.ts';
import { getAsOf } from '../metrics/index.ts';

/** A response body ready to send, with its entity tag (Express would otherwise hash the body on every request). */
export interface RenderedBody {
  body: Buffer;
  etag: string;
}

/** The bytes of a JSON text and a weak entity tag over them (length and SHA-1, as Express's own). */
export function renderedBody(text: string): RenderedBody {
  const body = Buffer.from(text, 'utf8');
  const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
  return { body, etag: `W/"${body.length.toString(16)}-${hash}"` };
}

export class MetricCache {
  private entries = new Map<string, Promise<unknown>>();
  /** Each computed result's JSON as each kind of viewer gets it; goes with the result when it is dropped. */
  private rendered = new WeakMap<object, Map<string, RenderedBody>>();
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

  /**
   * The JSON of `body` shaped for one kind of viewer (`audience`: a role, or a supervisor's staff id),
   * rendered once: a large response (survival curves, 1,500 facilitators: 330 KB at 1M) is shaped,
   * serialised, encoded and tagged per audience, not per request.
   */
  renderOnce(body: object, audience: string, render: () => string): RenderedBody {
    let byAudience = this.rendered.get(body);
    if (!byAudience) this.rendered.set(body, (byAudience = new Map()));
    let rendered = byAudience.get(audience);
    if (rendered === undefined) byAudience.set(audience, (rendered = renderedBody(render())));
    return rendered;
  }
}

/** The same parameters in any order give the same key. */
export function cacheKey(path: string, params: Record<string, unknown>): string {
  const sorted = Object.keys(params).sort().map((k) => [k, params[k]]);
  return `${path}?${JSON.stringify(sorted)}`;
}
