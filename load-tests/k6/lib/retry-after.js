// @ts-check
/**
 * `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. The ingest answers 503
 * with it when NATS or JetStream is unavailable or slow (CONTRACT §2); a producer waits that long
 * and sends the same batch again. Pure functions, no imports.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// IMF-fixdate, the form servers must send: "Sun, 06 Nov 1994 08:49:37 GMT".
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (\w{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/**
 * Seconds to wait from `nowMs`, or null when the header is absent or unreadable. A date in the past
 * means "now" (0).
 * @param {string | null | undefined} value
 * @param {number} nowMs
 * @returns {number | null}
 */
export function parseRetryAfter(value, nowMs) {
  if (value === null || value === undefined) return null;
  const v = String(value).trim();
  if (/^\d+$/.test(v)) return Number(v);
  const m = IMF_FIXDATE.exec(v);
  if (!m) return null;
  const month = MONTHS.indexOf(/** @type {string} */ (m[3]));
  if (month < 0) return null;
  const at = Date.UTC(Number(m[4]), month, Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]));
  if (isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/**
 * How long to sleep before retry number `attempt` (1-based): what the server asked for, else an
 * exponential fallback; never more than `maxSeconds`, so one stuck server cannot park every VU.
 * @param {string | null | undefined} header
 * @param {number} attempt
 * @param {number} nowMs
 * @param {{ fallbackSeconds: number, maxSeconds: number }} limits
 */
export function retryDelaySeconds(header, attempt, nowMs, limits) {
  const asked = parseRetryAfter(header, nowMs);
  const wait = asked === null ? limits.fallbackSeconds * Math.pow(2, Math.max(0, attempt - 1)) : asked;
  return Math.min(wait, limits.maxSeconds);
}

/**
 * A response header regardless of case (k6 hands them out canonicalised, `Retry-After`; other
 * clients lower-case them).
 * @param {Record<string, string> | null | undefined} headers
 * @param {string} name
 * @returns {string | undefined}
 */
export function headerValue(headers, name) {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === wanted) return headers[key];
  }
  return undefined;
}
