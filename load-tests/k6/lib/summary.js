// @ts-check
/**
 * The end-of-test report of mixed.js: throughput and latency of both sides in a few lines, from the
 * object k6 hands to `handleSummary`. k6 has two shapes for it: up to v1.x a map
 * `data.metrics[name].values` with `data.state.testRunDurationMs`; the machine-readable summary
 * (opt-in from v1.5, the default planned for v2) `data.results.metrics[] {name, values}` with
 * `data.config.duration` in seconds. Both are read here. Pure functions, no imports beyond names.
 */
import { INGEST, SCREEN } from './metric-names.js';

/** @typedef {Record<string, number>} Values */
/**
 * @typedef {{
 *   durationSeconds: number,
 *   metrics: Record<string, Values>,
 *   thresholds: { passed: boolean | null, failed: string[] }
 * }} SummaryFacts
 */

/**
 * @param {unknown} data what k6 passes to handleSummary
 * @returns {SummaryFacts}
 */
export function readSummary(data) {
  const d = asRecord(data);
  const results = asRecord(d.results);
  if (Array.isArray(results.metrics)) {
    /** @type {Record<string, Values>} */
    const metrics = {};
    for (const m of results.metrics) {
      const r = asRecord(m);
      if (typeof r.name === 'string') metrics[r.name] = /** @type {Values} */ (asRecord(r.values));
    }
    const config = asRecord(d.config);
    return {
      durationSeconds: typeof config.duration === 'number' ? config.duration : 0,
      metrics,
      thresholds: { passed: typeof results.passed === 'boolean' ? results.passed : null, failed: [] },
    };
  }
  /** @type {Record<string, Values>} */
  const metrics = {};
  /** @type {string[]} */
  const failed = [];
  let any = false;
  const raw = asRecord(d.metrics);
  for (const name of Object.keys(raw)) {
    const m = asRecord(raw[name]);
    metrics[name] = /** @type {Values} */ (asRecord(m.values));
    const th = asRecord(m.thresholds);
    for (const expr of Object.keys(th)) {
      any = true;
      if (asRecord(th[expr]).ok === false) failed.push(`${name}: ${expr}`);
    }
  }
  const state = asRecord(d.state);
  return {
    durationSeconds: typeof state.testRunDurationMs === 'number' ? state.testRunDurationMs / 1000 : 0,
    metrics,
    thresholds: { passed: any ? failed.length === 0 : null, failed },
  };
}

/**
 * The figures a reader of mixed.js wants, null where the run produced none.
 * @param {SummaryFacts} facts
 */
export function headlineFigures(facts) {
  const m = facts.metrics;
  const batch = m[`http_req_duration{name:${INGEST.requestName}}`] || m.http_req_duration;
  return {
    durationSeconds: facts.durationSeconds,
    ingest: {
      eventsAccepted: stat(m[INGEST.accepted], 'count'),
      eventsPerSecond: stat(m[INGEST.accepted], 'rate'),
      duplicates: stat(m[INGEST.duplicates], 'count'),
      retried503: stat(m[INGEST.retried503], 'count'),
      gaveUp: stat(m[INGEST.gaveUp], 'count'),
      failedRate: stat(m.http_req_failed, 'rate'),
      requestMs: percentiles(batch),
      batchMs: percentiles(m[INGEST.batchTime]),
    },
    screens: {
      views: stat(m[SCREEN.views], 'count'),
      viewsPerSecond: stat(m[SCREEN.views], 'rate'),
      heartbeats: stat(m[SCREEN.heartbeats], 'count'),
      viewAgeMs: percentiles(m[SCREEN.viewAge]),
      heartbeatLagMs: percentiles(m[SCREEN.heartbeatLag]),
      connectMs: percentiles(m[SCREEN.connectTime]),
      connectedRate: stat(m[SCREEN.connected], 'rate'),
      connectErrors: stat(m[SCREEN.connectErrors], 'count'),
      protocolErrors: stat(m[SCREEN.protocolErrors], 'count'),
    },
    thresholds: facts.thresholds,
  };
}

/**
 * The report as text for the terminal.
 * @param {unknown} data what k6 passes to handleSummary
 */
export function summaryText(data) {
  const f = headlineFigures(readSummary(data));
  const i = f.ingest;
  const s = f.screens;
  const lines = [
    '',
    `caseload load test: ${fmt(f.durationSeconds, 1)} s`,
    '',
    'ingest (HTTP, CloudEvents batches)',
    `  events accepted     ${fmt(i.eventsAccepted, 0)}  (${fmt(i.eventsPerSecond, 1)} events/s)`,
    `  duplicates          ${fmt(i.duplicates, 0)}`,
    `  503 + Retry-After   ${fmt(i.retried503, 0)} retried, ${fmt(i.gaveUp, 0)} batches given up`,
    `  failed requests     ${pct(i.failedRate)}`,
    `  request latency     ${pLine(i.requestMs)}`,
    `  batch incl. retries ${pLine(i.batchMs)}`,
    '',
    'wallboard (Socket.IO screens)',
    `  views received      ${fmt(s.views, 0)}  (${fmt(s.viewsPerSecond, 1)} views/s)`,
    `  heartbeats          ${fmt(s.heartbeats, 0)}`,
    `  view age            ${pLine(s.viewAgeMs)}`,
    `  processor lag       ${pLine(s.heartbeatLagMs)}`,
    `  connect time        ${pLine(s.connectMs)}`,
    `  sessions connected  ${pct(s.connectedRate)}  (${fmt(s.connectErrors, 0)} refused, ${fmt(s.protocolErrors, 0)} protocol errors)`,
    '',
    thresholdLine(f.thresholds),
    '',
  ];
  return lines.join('\n');
}

/** @param {{ passed: boolean | null, failed: string[] }} t */
function thresholdLine(t) {
  if (t.passed === null) return 'thresholds: none evaluated';
  if (t.passed) return 'thresholds: all passed';
  return 'thresholds: FAILED' + (t.failed.length ? '\n  ' + t.failed.join('\n  ') : ' (see k6 output)');
}

/**
 * @param {Values | undefined} v
 * @returns {{ p50: number | null, p95: number | null, p99: number | null }}
 */
function percentiles(v) {
  return { p50: stat(v, 'med'), p95: stat(v, 'p(95)'), p99: stat(v, 'p(99)') };
}

/**
 * @param {Values | undefined} v
 * @param {string} key
 * @returns {number | null}
 */
function stat(v, key) {
  return v && typeof v[key] === 'number' ? v[key] : null;
}

/** @param {{ p50: number | null, p95: number | null, p99: number | null }} p */
function pLine(p) {
  if (p.p50 === null && p.p95 === null && p.p99 === null) return 'no samples';
  return `p50 ${fmt(p.p50, 1)} ms   p95 ${fmt(p.p95, 1)} ms   p99 ${fmt(p.p99, 1)} ms`;
}

/**
 * @param {number | null} x
 * @param {number} digits
 */
function fmt(x, digits) {
  return x === null ? '-' : x.toFixed(digits);
}

/** @param {number | null} x */
function pct(x) {
  return x === null ? '-' : (x * 100).toFixed(2) + '%';
}

/**
 * @param {unknown} v
 * @returns {Record<string, unknown>}
 */
function asRecord(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? /** @type {Record<string, unknown>} */ (v) : {};
}
