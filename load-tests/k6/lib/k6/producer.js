// @ts-check
/**
 * The producer side of the load: POSTs CloudEvents batches to the ingest and waits out 503s as the
 * contract asks (Retry-After, bounded). Runs only inside k6 (imports k6/http); the decisions it
 * makes come from the pure modules one folder up.
 */
import http from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';
import { BATCH_CONTENT_TYPE, buildBatch, chunk, readAccepted } from '../cloudevents.js';
import { sendWithRetry } from '../batch-sender.js';
import { INGEST } from '../metric-names.js';

/** @typedef {import('../config.js').IngestConfig} IngestConfig */
/** @typedef {import('../cloudevents.js').CloudEvent} CloudEvent */

// Custom metrics must be created in the init context: module scope is.
const accepted = new Counter(INGEST.accepted);
const duplicates = new Counter(INGEST.duplicates);
const retried503 = new Counter(INGEST.retried503);
const gaveUp = new Counter(INGEST.gaveUp);
const batchOk = new Rate(INGEST.batchOk);
const batchTime = new Trend(INGEST.batchTime, true);

/** Error lines each VU may print, so a failing target does not flood the terminal. */
const MAX_LOGGED_ERRORS = 5;
let loggedErrors = 0;

/** A run id unique enough to keep one run's event ids apart from any other run's. */
export function newRunId() {
  return Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);
}

/**
 * @param {IngestConfig} cfg
 */
export function createProducer(cfg) {
  const url = cfg.ingestUrl + '/v1/events' + (cfg.partial ? '?mode=partial' : '');
  const params = {
    headers: { 'Content-Type': BATCH_CONTENT_TYPE, Authorization: 'Bearer ' + cfg.apiKey },
    tags: { name: INGEST.requestName },
    timeout: cfg.timeout,
    // A 503 is the ingest asking for patience, not a failure: it is counted in ingest_retry_503.
    responseCallback: http.expectedStatuses(202, 503),
  };

  /**
   * Sends one batch, waiting out 503s, and records the outcome.
   * @param {CloudEvent[]} events
   * @returns {boolean} accepted
   */
  function post(events) {
    const body = JSON.stringify(events);
    const started = Date.now();
    const outcome = sendWithRetry(
      () => {
        const res = http.post(url, body, params);
        return { status: res.status, headers: res.headers, raw: res };
      },
      sleep,
      () => Date.now(),
      { maxRetries: cfg.maxRetries, fallbackSeconds: cfg.retryFallbackSeconds, maxSeconds: cfg.maxRetryWaitSeconds },
    );
    const res = /** @type {import('k6/http').Response} */ (outcome.answer.raw);
    retried503.add(outcome.responses503);
    batchOk.add(outcome.accepted ? 1 : 0);
    batchTime.add(Date.now() - started);
    if (outcome.gaveUp) gaveUp.add(1);
    if (!outcome.accepted) {
      logError(res);
      return false;
    }
    const counts = readAccepted(safeJson(res));
    if (counts) {
      accepted.add(counts.accepted);
      duplicates.add(counts.duplicates);
    }
    return true;
  }

  return {
    /**
     * The roster, once, before the load (ids unchanged: re-running repeats them as duplicates).
     * @param {readonly CloudEvent[]} roster
     */
    sendRoster(roster) {
      // Copied index by index: a SharedArray is array-like, not an Array.
      /** @type {CloudEvent[]} */
      const all = [];
      for (let i = 0; i < roster.length; i++) all.push(/** @type {CloudEvent} */ (roster[i]));
      let sent = 0;
      for (const part of chunk(all, cfg.batchSize)) {
        if (!post(part)) throw new Error('the ingest refused the roster; see the error above');
        sent += part.length;
      }
      return sent;
    },

    /**
     * This iteration's batch of activity, with fresh ids.
     * @param {readonly CloudEvent[]} activity
     * @param {string} runId
     */
    sendBatch(activity, runId) {
      const batch = buildBatch(activity, {
        iteration: exec.scenario.iterationInTest,
        size: cfg.batchSize,
        runId,
        time: cfg.eventTime === 'now' ? new Date().toISOString() : undefined,
      });
      return post(batch);
    },
  };
}

/**
 * The 202 body, or null (with a warning: the contract promises JSON) when it is not JSON.
 * @param {import('k6/http').Response} res
 */
function safeJson(res) {
  try {
    return res.json();
  } catch (e) {
    warn(`ingest answered 202 without a JSON body: ${e}`);
    return null;
  }
}

/** @param {import('k6/http').Response} res */
function logError(res) {
  const body = typeof res.body === 'string' ? res.body.slice(0, 300) : '';
  warn(`ingest answered ${res.status || res.error}: ${body}`);
}

/** @param {string} message */
function warn(message) {
  if (loggedErrors >= MAX_LOGGED_ERRORS) return;
  loggedErrors++;
  console.warn(message);
}
