// @ts-check
/**
 * Producers at a ramping arrival rate: each iteration POSTs one CloudEvents batch, taken from the
 * simulator's NDJSON file with fresh event ids, to ${INGEST_URL}/v1/events. 503s are waited out
 * per Retry-After and counted in ingest_retry_503. Variables and how to read the results:
 * load-tests/README.md.
 *
 *   k6 run -e API_KEY=... -e EVENTS_FILE=/abs/path/events.ndjson load-tests/k6/ingest.js
 */
import { SharedArray } from 'k6/data';
import { ingestConfig } from './lib/config.js';
import { parseNdjsonEvents, splitRoster } from './lib/cloudevents.js';
import { SUMMARY_TREND_STATS, ingestThresholds } from './lib/thresholds.js';
import { createProducer, newRunId } from './lib/k6/producer.js';

const cfg = ingestConfig(__ENV);

/** @type {ReturnType<typeof splitRoster> | null} */
let fileParts = null;
// open() belongs to the init context and, called here, resolves a relative path against this
// script's folder. SharedArray runs each callback once and shares the result with every VU.
function readFile() {
  if (!fileParts) fileParts = splitRoster(parseNdjsonEvents(open(cfg.eventsFile), cfg.maxEvents));
  if (fileParts.activity.length === 0) throw new Error(`${cfg.eventsFile} holds no events besides the roster`);
  return fileParts;
}
const roster = new SharedArray('caseload roster', () => readFile().roster);
const activity = new SharedArray('caseload activity', () => readFile().activity);

const producer = createProducer(cfg);

export const options = {
  scenarios: {
    ingest: {
      executor: 'ramping-arrival-rate',
      exec: 'ingest',
      startRate: cfg.startRate,
      timeUnit: '1s',
      preAllocatedVUs: cfg.preAllocatedVUs,
      maxVUs: cfg.maxVUs,
      stages: cfg.stages,
    },
  },
  thresholds: ingestThresholds(cfg),
  summaryTrendStats: SUMMARY_TREND_STATS,
  // The roster of a large file takes a while to send before the load starts.
  setupTimeout: '5m',
};

/** Sends the roster once so the processor knows the units, and names this run. */
export function setup() {
  const sent = producer.sendRoster(roster);
  console.log(`roster: ${sent} events; activity to replay: ${activity.length} events`);
  return { runId: cfg.runId || newRunId() };
}

/** @param {{ runId: string }} data */
export function ingest(data) {
  producer.sendBatch(activity, data.runId);
}
