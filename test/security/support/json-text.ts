/**
 * JSON text with parts no `JSON.stringify` of a plain object yields: own `__proto__` keys, number
 * tokens such as `1e400`, and nesting deeper than a recursive serialiser would survive.
 */

/** `obj` as JSON, with the raw `key: jsonText` entries placed first. */
export function withRawEntries(obj: Record<string, unknown>, entries: [string, string][]): string {
  const rest = JSON.stringify(obj).slice(1);
  const raw = entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',');
  if (!raw) return `{${rest}`;
  return rest === '}' ? `{${raw}}` : `{${raw},${rest}`;
}

/** `obj` as JSON with the value of `key` (at the top level) replaced by raw JSON text. */
export function withRawValue(obj: Record<string, unknown>, key: string, jsonText: string): string {
  const token = `\u0001RAW${Math.random().toString(36).slice(2)}\u0001`;
  return JSON.stringify({ ...obj, [key]: token }).replace(JSON.stringify(token), () => jsonText);
}

/** Arrays nested `depth` deep, as text (never built as objects). */
export function deepArrays(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Objects nested `depth` deep: {"a":{"a":…{}}}. */
export function deepObjects(depth: number): string {
  return '{"a":'.repeat(depth) + '{}' + '}'.repeat(depth);
}
