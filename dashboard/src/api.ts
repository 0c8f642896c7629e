// Talks to /api: JSON reads (cached per URL for the session), CSV links to the same endpoint, sign-in and sign-out.
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly issues: { path: string; message: string }[] = []) {
    super(message);
  }
}

const cache = new Map<string, Promise<unknown>>();

/** The URL of an endpoint with its query string (parameters in a stable order, so bookmarks and cache keys agree). */
export function endpoint(path: string, params?: URLSearchParams): string {
  const query = params?.toString();
  return query ? `${path}?${query}` : path;
}

/** The CSV download of exactly what a chart shows: the same endpoint and parameters with format=csv. */
export function csvHref(path: string, params?: URLSearchParams): string {
  const withFormat = new URLSearchParams(params);
  withFormat.set('format', 'csv');
  return endpoint(path, withFormat);
}

async function readError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: string; issues?: { path: string; message: string }[] };
    return new ApiError(response.status, body.error ?? response.statusText, body.issues ?? []);
  } catch {
    return new ApiError(response.status, response.statusText || `HTTP ${response.status}`);
  }
}

/** GETs JSON; a failed request is forgotten so that it can be retried. */
export function getJson<T>(path: string, params?: URLSearchParams): Promise<T> {
  const url = endpoint(path, params);
  let pending = cache.get(url) as Promise<T> | undefined;
  if (!pending) {
    pending = fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).then(async (response) => {
      if (!response.ok) throw await readError(response);
      return (await response.json()) as T;
    });
    pending.catch(() => cache.delete(url));
    cache.set(url, pending);
  }
  return pending;
}

/** Forgets every cached read, e.g. after an import changed the data. */
export function forgetCache(): void {
  cache.clear();
}

/** Sends a zipped extract to POST /api/imports (the file's bytes as the body); resolves with the new run's id. */
export async function uploadExtract(file: Blob, options: { replace?: boolean; name?: string } = {}): Promise<{ runId: number; status: string; files: string[] }> {
  const params = new URLSearchParams();
  if (options.replace) params.set('replace', 'true');
  if (options.name) params.set('name', options.name);
  const response = await fetch(endpoint('/api/imports', params), {
    method: 'POST',
    headers: { 'content-type': 'application/zip', accept: 'application/json' },
    body: file,
    credentials: 'same-origin',
  });
  if (!response.ok) throw await readError(response);
  return (await response.json()) as { runId: number; status: string; files: string[] };
}

/** GETs JSON without the session cache (for following something that changes, like a running import). */
export async function getFresh<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw await readError(response);
  return (await response.json()) as T;
}

/** Signs in; resolves on success, throws ApiError (401 on bad credentials, 429 when rate-limited). */
export async function signIn(username: string, password: string): Promise<void> {
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password }),
    credentials: 'same-origin',
  });
  if (!response.ok) throw await readError(response);
  cache.clear();
}

/** Signs out and forgets everything read under the old session. */
export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' });
  cache.clear();
}
