// @ts-check
/**
 * CloudEvents batches for the ingest load test (CONTRACT §2), built from the simulator's NDJSON
 * file (`npm run simulate -- --out FILE`: one CloudEvent per line). Pure functions, no imports.
 */

/** `Content-Type` of a batch: a JSON array of 1 to 1000 events. */
export const BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';
export const MAX_BATCH = 1000;
/** Longest envelope `id` the ingest accepts. */
export const MAX_ID_LENGTH = 256;

/** Roster events (who works where), as in shared/src/schemas/events.ts ROSTER_TYPES (a test keeps them equal). */
export const ROSTER_TYPES = Object.freeze([
  'caseload.site.upserted',
  'caseload.unit.upserted',
  'caseload.worker.upserted',
  'caseload.worker.absence',
]);

/**
 * @typedef {{ specversion: string, id: string, source: string, type: string, time: string, data: unknown, [k: string]: unknown }} CloudEvent
 */

/**
 * Reads NDJSON: one CloudEvent per non-blank line. Stops after `limit` events when given (a county
 * back-fill file is large; k6 holds what it reads in memory).
 * @param {string} text
 * @param {number} [limit]
 * @returns {CloudEvent[]}
 */
export function parseNdjsonEvents(text, limit) {
  /** @type {CloudEvent[]} */
  const events = [];
  const max = limit && limit > 0 ? limit : Infinity;
  let start = 0;
  let lineNo = 0;
  while (start < text.length && events.length < max) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    let value;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new Error(`events file line ${lineNo}: not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const problem = envelopeProblem(value);
    if (problem) throw new Error(`events file line ${lineNo}: ${problem}`);
    events.push(value);
  }
  return events;
}

/**
 * Why a value is not a CloudEvent of ours, or '' when it is one (the ingest does the full check).
 * @param {unknown} v
 */
export function envelopeProblem(v) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  const e = /** @type {Record<string, unknown>} */ (v);
  for (const field of ['specversion', 'id', 'source', 'type', 'time']) {
    if (typeof e[field] !== 'string' || e[field] === '') return `no "${field}"`;
  }
  if (e.data === null || typeof e.data !== 'object') return 'no "data" object';
  return '';
}

/**
 * Splits the file into the roster (sent once, before the load) and the activity that is replayed.
 * @param {CloudEvent[]} events
 * @returns {{ roster: CloudEvent[], activity: CloudEvent[] }}
 */
export function splitRoster(events) {
  /** @type {CloudEvent[]} */
  const roster = [];
  /** @type {CloudEvent[]} */
  const activity = [];
  for (const e of events) (ROSTER_TYPES.indexOf(e.type) >= 0 ? roster : activity).push(e);
  return { roster, activity };
}

/**
 * An envelope id that no earlier request used, so JetStream's de-duplication window does not turn
 * replayed load into "duplicates". The original id stays at the end for tracing.
 * @param {string} originalId
 * @param {string} runId unique per k6 run
 * @param {number} iteration unique per batch within the run
 * @param {number} index position within the batch
 */
export function freshEventId(originalId, runId, iteration, index) {
  const prefix = `k6-${runId}-${iteration}-${index}-`;
  return (prefix + originalId).slice(0, MAX_ID_LENGTH);
}

/**
 * The batch of one iteration: `size` events taken in file order from position iteration × size
 * (wrapping around), each a copy with a fresh id and, when `time` is given, that event time.
 * @param {readonly CloudEvent[]} events
 * @param {{ iteration: number, size: number, runId: string, time?: string }} opts
 * @returns {CloudEvent[]}
 */
export function buildBatch(events, opts) {
  if (events.length === 0) throw new Error('no events to send');
  if (!(opts.size >= 1 && opts.size <= MAX_BATCH)) throw new Error(`batch size must be 1..${MAX_BATCH}`);
  const first = (opts.iteration * opts.size) % events.length;
  /** @type {CloudEvent[]} */
  const batch = [];
  for (let i = 0; i < opts.size; i++) {
    const source = /** @type {CloudEvent} */ (events[(first + i) % events.length]);
    // Copy: k6's SharedArray hands out read-only objects.
    const copy = Object.assign({}, source, { id: freshEventId(source.id, opts.runId, opts.iteration, i) });
    if (opts.time) copy.time = opts.time;
    batch.push(copy);
  }
  return batch;
}

/**
 * Consecutive slices of at most `size` (for sending the roster in batches, ids unchanged so a
 * second run repeats them as duplicates rather than new roster versions).
 * @template T
 * @param {readonly T[]} items
 * @param {number} size
 * @returns {T[][]}
 */
export function chunk(items, size) {
  /** @type {T[][]} */
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Reads the ingest's 202 body `{"accepted": n, "duplicates": d, ...}`.
 * @param {unknown} body
 * @returns {{ accepted: number, duplicates: number } | null}
 */
export function readAccepted(body) {
  if (body === null || typeof body !== 'object') return null;
  const b = /** @type {Record<string, unknown>} */ (body);
  if (typeof b.accepted !== 'number') return null;
  return { accepted: b.accepted, duplicates: typeof b.duplicates === 'number' ? b.duplicates : 0 };
}
