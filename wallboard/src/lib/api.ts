import { error, redirect } from '@sveltejs/kit';

/**
 * Reads the wallboard's HTTP API from the browser (the session cookie goes along). The API is served
 * by the Node server next to SvelteKit, so it is called only where the page runs in the browser.
 * Errors become SvelteKit errors: 401 → the login page, 403/404 → the error page with a plain message.
 */
export async function apiGet<T>(fetchFn: typeof fetch, path: string, here: URL): Promise<T> {
  const res = await fetchFn(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (res.status === 401) redirect(303, `/login?next=${encodeURIComponent(here.pathname + here.search)}`);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    error(res.status, messageFor(res.status, body.error));
  }
  return (await res.json()) as T;
}

export interface PostResult {
  ok: boolean;
  status: number;
  error?: string;
}

export async function apiPost(path: string, body: unknown): Promise<PostResult> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: string };
  return { ok: res.ok, status: res.status, ...(json.error ? { error: json.error } : {}) };
}

export function messageFor(status: number, code: string | undefined): string {
  if (code === 'breakglass_reason_required') return 'breakglass_reason_required';
  if (status === 403) return 'You are not allowed to see this.';
  if (status === 404) return 'Not found: it may have been removed or not processed yet.';
  if (status === 503) return 'The service is unavailable for a moment. Try again shortly.';
  return `Something went wrong (${status}${code ? `: ${code}` : ''}).`;
}
