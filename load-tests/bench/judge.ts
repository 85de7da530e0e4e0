import { percentiles, slope } from './percentiles.ts';
import type { Verdict } from './rate-search.ts';

/** What one step at a target rate measured. */
export interface StepMeasure {
  targetRate: number;
  seconds: number;
  /** Events answered 202 during the step. */
  acceptedEvents: number;
  /** Requests that got anything but 202 (or no answer). */
  failedRequests: number;
  /** Marker latencies, ingest 202 → view; unobserved markers enter as a lower bound (see MarkerBook). */
  latenciesMs: number[];
  unobservedMarkers: number;
  /** Unprocessed messages (pending + unacknowledged) sampled over the step: x in seconds. */
  backlog: { x: number; y: number }[];
}

export interface Criteria {
  p99MaxMs: number;
  /** Share of the target rate ingest must accept. */
  minAchievedShare: number;
  /** Backlog growth allowed, as a share of the target rate (messages/s per event/s)… */
  maxBacklogGrowthShare: number;
  /** …but never less than this many messages/s: the processor acks once per checkpoint, so its
   * unacknowledged count saws up and down by a checkpoint's worth even when it keeps up. */
  minBacklogGrowthAllowed: number;
  /** Fewer markers than this cannot support a p99. */
  minMarkers: number;
}

export const CONTRACT_CRITERIA: Criteria = {
  p99MaxMs: 1000,
  minAchievedShare: 0.95,
  maxBacklogGrowthShare: 0.05,
  minBacklogGrowthAllowed: 20,
  minMarkers: 5,
};

/** CONTRACT §6: held with p99 ingest→view ≤ 1 s and a backlog that does not grow. */
export function judgeStep(m: StepMeasure, c: Criteria = CONTRACT_CRITERIA): Verdict {
  const reasons: string[] = [];
  const achieved = m.acceptedEvents / m.seconds;
  if (achieved < c.minAchievedShare * m.targetRate)
    reasons.push(`ingest accepted ${achieved.toFixed(0)}/s of ${m.targetRate}/s`);
  if (m.failedRequests > 0) reasons.push(`${m.failedRequests} requests failed`);
  if (m.latenciesMs.length < c.minMarkers) reasons.push(`only ${m.latenciesMs.length} markers`);
  else {
    const p99 = percentiles(m.latenciesMs).p99;
    if (p99 > c.p99MaxMs) reasons.push(`p99 ingest→view ${p99.toFixed(0)} ms`);
  }
  if (m.unobservedMarkers > 0) reasons.push(`${m.unobservedMarkers} markers never reached a view`);
  const growth = slope(m.backlog);
  if (growth > Math.max(c.maxBacklogGrowthShare * m.targetRate, c.minBacklogGrowthAllowed))
    reasons.push(`backlog growing ${growth.toFixed(0)} msgs/s`);
  return { passed: reasons.length === 0, reasons };
}
