// @ts-check
/**
 * Many wallboard screens: each VU is one screen holding a Socket.IO connection to the `/live`
 * namespace (over k6/ws, speaking Engine.IO v4 itself), subscribed to one view; it counts `view`
 * and `heartbeat` events and measures how old each view is on receipt. Variables and how to read
 * the results: load-tests/README.md.
 *
 *   k6 run -e TOKENS_FILE=/abs/path/tokens.txt -e SUBSCRIBE=unit:U1 load-tests/k6/wallboard.js
 */
import { wallboardConfig } from './lib/config.js';
import { SUMMARY_TREND_STATS, screenThresholds } from './lib/thresholds.js';
import { holdScreen } from './lib/k6/screen.js';

// open() only in the init context; a relative path resolves against this script's folder.
const cfg = wallboardConfig(__ENV, __ENV.TOKENS_FILE ? open(__ENV.TOKENS_FILE) : '');
// An iteration is one whole session: let the last ones finish rather than cutting them off.
const grace = `${cfg.sessionSeconds + 10}s`;

export const options = {
  scenarios: {
    screens: {
      executor: 'ramping-vus',
      exec: 'screen',
      startVUs: 0,
      stages: [
        { duration: cfg.ramp, target: cfg.screens },
        { duration: cfg.hold, target: cfg.screens },
      ],
      gracefulRampDown: grace,
      gracefulStop: grace,
    },
  },
  thresholds: screenThresholds(cfg),
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function screen() {
  holdScreen(cfg);
}
