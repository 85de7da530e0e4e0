// @ts-check
/**
 * Pass/fail criteria of each scenario, in k6's threshold syntax. Failing one makes `k6 run` exit
 * non-zero, so the scripts can gate a deployment.
 */
import { INGEST, SCREEN } from './metric-names.js';

/**
 * @param {{ p99Ms: number, maxFailedRate: number }} cfg
 * @returns {Record<string, string[]>}
 */
export function ingestThresholds(cfg) {
  /** @type {Record<string, string[]>} */
  const t = {};
  t.http_req_failed = [`rate<${cfg.maxFailedRate}`];
  t[`http_req_duration{name:${INGEST.requestName}}`] = [`p(99)<${cfg.p99Ms}`];
  t[INGEST.batchOk] = [`rate>=${round(1 - cfg.maxFailedRate)}`];
  return t;
}

/**
 * @param {{ viewAgeP99Ms: number, minConnectedRate: number }} cfg
 * @returns {Record<string, string[]>}
 */
export function screenThresholds(cfg) {
  /** @type {Record<string, string[]>} */
  const t = {};
  t[SCREEN.viewAge] = [`p(99)<${cfg.viewAgeP99Ms}`];
  t[SCREEN.connected] = [`rate>=${cfg.minConnectedRate}`];
  t[SCREEN.subscribed] = [`rate>=${cfg.minConnectedRate}`];
  t[SCREEN.protocolErrors] = ['count<1'];
  return t;
}

/** Trend statistics every summary shows (p(99) is not among k6's defaults). */
export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

/** @param {number} x */
function round(x) {
  return Math.round(x * 1e6) / 1e6;
}
