// @ts-check
/**
 * Both sides at once: screens connect first and hold their views while producers ramp up the
 * ingest, so view age is measured under write load. Ends with a short report of throughput and
 * latency (handleSummary). Variables and how to read the results: load-tests/README.md.
 *
 *   k6 run -e API_KEY=... -e EVENTS_FILE=/abs/events.ndjson -e TOKENS_FILE=/abs/tokens.txt \
 *          -e SUBSCRIBE=unit:U1 load-tests/k6/mixed.js
 */
import { SharedArray } from 'k6/data';
import { ingestConfig, wallboardConfig } from './lib/config.js';
import { parseNdjsonEvents, splitRoster } from './lib/cloudevents.js';
import { SUMMARY_TREND_STATS, ingestThresholds, screenThresholds } from './lib/thresholds.js';
import { summaryText } from './lib/summary.js';
import { createProducer, newRunId } from './lib/k6/producer.js';
import { holdScreen } from './lib/k6/screen.js';

const ingestCfg = ingestConfig(__ENV, { stages: '20s:20,1m:20,10s:0' });
const screenCfg = wallboardConfig(__ENV, __ENV.TOKENS_FILE ? open(__ENV.TOKENS_FILE) : '');
const grace = `${screenCfg.sessionSeconds + 10}s`;

/** @type {ReturnType<typeof splitRoster> | null} */
let fileParts = null;
// See ingest.js: open() in the init context, parsed once, shared by every VU.
function readFile() {
  if (!fileParts) fileParts = splitRoster(parseNdjsonEvents(open(ingestCfg.eventsFile), ingestCfg.maxEvents));
  if (fileParts.activity.length === 0) throw new Error(`${ingestCfg.eventsFile} holds no events besides the roster`);
  return fileParts;
}
const roster = new SharedArray('caseload roster', () => readFile().roster);
const activity = new SharedArray('caseload activity', () => readFile().activity);

const producer = createProducer(ingestCfg);

export const options = {
  scenarios: {
    screens: {
      executor: 'ramping-vus',
      exec: 'screen',
      startVUs: 0,
      stages: [
        { duration: screenCfg.ramp, target: screenCfg.screens },
        { duration: screenCfg.hold, target: screenCfg.screens },
      ],
      gracefulRampDown: grace,
      gracefulStop: grace,
    },
    ingest: {
      executor: 'ramping-arrival-rate',
      exec: 'ingest',
      // Writes begin once the screens are connected.
      startTime: screenCfg.ramp,
      startRate: ingestCfg.startRate,
      timeUnit: '1s',
      preAllocatedVUs: ingestCfg.preAllocatedVUs,
      maxVUs: ingestCfg.maxVUs,
      stages: ingestCfg.stages,
    },
  },
  thresholds: Object.assign({}, ingestThresholds(ingestCfg), screenThresholds(screenCfg)),
  summaryTrendStats: SUMMARY_TREND_STATS,
  // The roster of a large file takes a while to send before the load starts.
  setupTimeout: '5m',
};

export function setup() {
  const sent = producer.sendRoster(roster);
  console.log(`roster: ${sent} events; activity to replay: ${activity.length} events`);
  return { runId: ingestCfg.runId || newRunId() };
}

/** @param {{ runId: string }} data */
export function ingest(data) {
  producer.sendBatch(activity, data.runId);
}

export function screen() {
  holdScreen(screenCfg);
}

/**
 * Replaces k6's own end-of-test summary with the figures that matter here; SUMMARY_JSON=path also
 * writes k6's whole summary object there.
 * @param {unknown} data
 */
export function handleSummary(data) {
  /** @type {Record<string, string>} */
  const out = { stdout: summaryText(data) };
  if (__ENV.SUMMARY_JSON) out[__ENV.SUMMARY_JSON] = JSON.stringify(data, null, 2);
  return out;
}
