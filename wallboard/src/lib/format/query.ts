/** `?a=1&b=2` from the current query with some keys set (a string) or removed (null). */
export function withParams(current: URLSearchParams, changes: Record<string, string | null>): string {
  const q = new URLSearchParams(current);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') q.delete(k);
    else q.set(k, v);
  }
  const text = q.toString();
  return text ? `?${text}` : '?';
}
