/**
 * The dashboard's only door to the hub: same-origin JSON over fetch with the session cookie, the
 * CSRF token on every mutating request, and problem+json errors turned into ApiError.
 */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly problems?: readonly { readonly code: string; readonly message: string; readonly where?: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  constructor(status: number, message: string, problem?: Problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Set after login / session restore: sent as `x-csrf-token` on POST, PUT, PATCH, DELETE. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the hub answers 401 to a request made with a session (it expired). */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const problem = (json ?? undefined) as Problem | undefined;
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') onUnauthorized?.();
    throw new ApiError(res.status, problem?.detail ?? problem?.title ?? `${res.status} ${res.statusText}`, problem);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string): Promise<T> => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}): Promise<T> => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown = {}): Promise<T> => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown = {}): Promise<T> => request<T>('PATCH', path, body),
  del: <T>(path: string): Promise<T> => request<T>('DELETE', path),
};

/** A paginated list as the hub answers it. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly limit: number;
  readonly offset: number;
  readonly nextOffset: number | null;
  readonly total?: number;
}

/** Every page of a paginated list (`path` without limit/offset), up to `max` items. */
export async function getAll<T>(path: string, max = 20_000): Promise<T[]> {
  const out: T[] = [];
  const sep = path.includes('?') ? '&' : '?';
  let offset: number | null = 0;
  while (offset !== null && out.length < max) {
    const page: Page<T> = await api.get<Page<T>>(`${path}${sep}limit=1000&offset=${offset}`);
    out.push(...page.items);
    offset = page.nextOffset;
  }
  return out;
}
