import { atFault, readBacklog, type AtFault, type Backlog } from '../support/backlog.ts';
import type { FaultStack } from '../support/stack.ts';
import { compareWithExpected, type Comparison } from '../support/verify.ts';
import { sleep, waitFor } from '../support/wait.ts';
import type { Workload } from '../support/workload.ts';

/** Resolves when the processor acknowledges more than `acked` messages: the time it took. */
export async function awaitProgress(stack: FaultStack, acked: number, timeoutMs = 60_000): Promise<number> {
  const t0 = Date.now();
  await waitFor(
    'the processor to acknowledge again',
    async () => (await readBacklog(stack.jsm, stack.partitions)).acked > acked,
    timeoutMs,
    50,
  );
  return Date.now() - t0;
}

export interface Converged {
  ms: number;
  backlog: Backlog;
  comparison: Comparison;
}

/**
 * Waits for every message of the run to be stored and acknowledged, then for the views to equal
 * the expected counts (they are flushed on a short tick; each wait has its own bound). On timeout
 * it returns the last comparison, so the test reports lost/doubled rather than just "timed out".
 */
export async function awaitConvergence(
  stack: FaultStack,
  w: Workload,
  drainTimeoutMs = 150_000,
  viewsTimeoutMs = 30_000,
): Promise<Converged> {
  const t0 = Date.now();
  let deadline = t0 + drainTimeoutMs;
  let backlog = await readBacklog(stack.jsm, stack.partitions).catch(() => undefined);
  while (Date.now() < deadline && !(backlog && backlog.unacked === 0 && backlog.stored >= w.messages)) {
    await sleep(200);
    backlog = await readBacklog(stack.jsm, stack.partitions).catch(() => backlog);
  }
  deadline = Date.now() + viewsTimeoutMs;
  let comparison = await compareWithExpected(stack.redis, w.unitIds, w.expected);
  while (Date.now() < deadline && (comparison.lost || comparison.doubled)) {
    await sleep(250);
    comparison = await compareWithExpected(stack.redis, w.unitIds, w.expected).catch(() => comparison);
  }
  return {
    ms: Date.now() - t0,
    backlog: backlog ?? { stored: 0, unacked: -1, acked: 0 },
    comparison,
  };
}

/** Waits until the processor has acknowledged at least `messages` (e.g. the head of a run). */
export async function awaitAcked(stack: FaultStack, messages: number, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    `the processor to acknowledge ${messages} messages`,
    async () => (await readBacklog(stack.jsm, stack.partitions)).acked >= messages,
    timeoutMs,
    100,
  );
}

/**
 * With the backlog built, the processor runs at full speed again; the strike comes at its first
 * acknowledgement beyond `acked` (so it is mid-flight: events applied in memory, more on the way),
 * measured right then.
 */
export async function awaitWorkingPast(stack: FaultStack, acked: number, runMessages: number): Promise<AtFault> {
  return waitFor(
    'the processor to work through the backlog',
    async () => {
      const b = await readBacklog(stack.jsm, stack.partitions);
      return b.acked > acked ? atFault(b, runMessages) : undefined;
    },
    60_000,
    20,
  );
}
