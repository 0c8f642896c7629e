// The view's filters live in the URL query string so that every view can be bookmarked and shared.

/** The filters every page shares (period, programs, counties, re-entry window): the menu carries them along. */
export const sharedFilters: readonly string[] = ['from', 'to', 'program', 'county', 'window'];

/** The current page's query. */
export function currentQuery(): URLSearchParams {
  return new URLSearchParams(location.search);
}

/** Copies only the named keys (in that order) from the page query, for one API call. */
export function pick(query: URLSearchParams, keys: readonly string[], extra: Record<string, string | undefined> = {}): URLSearchParams {
  const picked = new URLSearchParams();
  for (const key of keys) for (const value of query.getAll(key)) if (value !== '') picked.append(key, value);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') picked.set(key, value);
  return picked;
}

/** Filters every data endpoint accepts (interfaces.md "Query parameters"). */
export const periodKeys = ['from', 'to', 'program', 'county'] as const;

/** Parameters for a proportion metric: the period filters, and the follow-up window for re-entry only. */
export function metricQuery(query: URLSearchParams, metric: string, extra: Record<string, string | undefined> = {}): URLSearchParams {
  return pick(query, metric === 'reentry' ? [...periodKeys, 'window'] : periodKeys, extra);
}

/** A query with some keys replaced (null or empty removes them). */
export function withChanges(query: URLSearchParams, changes: Record<string, string | string[] | null>): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    for (const v of value == null ? [] : Array.isArray(value) ? value : [value]) if (v !== '') next.append(key, v);
  }
  return next;
}

/** A page value from the query, or its default when missing or not one of the allowed values. */
export function choice<T extends string>(query: URLSearchParams, key: string, allowed: readonly T[], fallback: T): T {
  const value = query.get(key);
  return allowed.includes(value as T) ? (value as T) : fallback;
}
