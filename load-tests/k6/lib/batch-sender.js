// @ts-check
/**
 * Sending one batch with the contract's retry rule (CONTRACT §2: a 503 carries Retry-After; the
 * client waits and sends again, nothing is lost). The HTTP call and the sleep are passed in, so k6
 * runs this with k6/http and k6's sleep, and Node tests with stand-ins. No imports of k6.
 */
import { headerValue, retryDelaySeconds } from './retry-after.js';

/**
 * An answer: the status and headers this module reads, and `raw`, whatever the caller wants back
 * (k6's Response).
 * @typedef {{ status: number, headers: Record<string, string>, raw: unknown }} Answer
 * @typedef {{ maxRetries: number, fallbackSeconds: number, maxSeconds: number }} RetryLimits
 * @typedef {{ answer: Answer, accepted: boolean, responses503: number, gaveUp: boolean, waitedSeconds: number }} Outcome
 */

/**
 * Sends until a 202, an answer other than 503, or `maxRetries` retries spent.
 * @param {() => Answer} send one HTTP request of the batch
 * @param {(seconds: number) => void} sleep
 * @param {() => number} now wall clock in ms (for an HTTP-date Retry-After)
 * @param {RetryLimits} limits
 * @returns {Outcome}
 */
export function sendWithRetry(send, sleep, now, limits) {
  let responses503 = 0;
  let waitedSeconds = 0;
  for (let attempt = 1; ; attempt++) {
    const answer = send();
    if (answer.status !== 503) {
      return { answer, accepted: answer.status === 202, responses503, gaveUp: false, waitedSeconds };
    }
    responses503++;
    if (attempt > limits.maxRetries) {
      return { answer, accepted: false, responses503, gaveUp: true, waitedSeconds };
    }
    const wait = retryDelaySeconds(headerValue(answer.headers, 'Retry-After'), attempt, now(), {
      fallbackSeconds: limits.fallbackSeconds,
      maxSeconds: limits.maxSeconds,
    });
    sleep(wait);
    waitedSeconds += wait;
  }
}
