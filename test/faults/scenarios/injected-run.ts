import type { AtFault } from '../support/backlog.ts';
import { injectEvents } from '../support/inject.ts';
import type { Service } from '../support/services.ts';
import type { FaultStack } from '../support/stack.ts';
import { dutyCycle } from '../support/throttle.ts';
import type { Workload } from '../support/workload.ts';
import { awaitAcked, awaitWorkingPast } from './common.ts';
import { phasesOf } from './phases.ts';

/**
 * The processor-side faults' run: the head of the run is injected into JetStream and worked
 * through; the processor is then held back (SIGSTOP/SIGCONT duty cycle) while the rest is
 * injected, so ≥ 10,000 messages wait; released, it is caught mid-flight at its next
 * acknowledgement, where the caller strikes. Returns that moment's measurement.
 */
export async function injectedRunToStrike(
  stack: FaultStack,
  w: Workload,
  processor: Service,
  log: (s: string) => void,
  /** Runs once the head is done (views exist), before the backlog is built. */
  afterHead?: () => Promise<void>,
): Promise<{ at: AtFault; injected: number }> {
  const p = phasesOf(w);
  let injected = await injectEvents(stack.js, p.head, stack.partitions, stack.ring);
  await awaitAcked(stack, p.headMessages);
  log(`head of ${p.headMessages} messages done`);
  await afterHead?.();
  const release = dutyCycle(processor, 450, 50);
  try {
    injected += await injectEvents(stack.js, [...p.middle, ...p.tail], stack.partitions, stack.ring);
  } finally {
    await release();
  }
  const at = await awaitWorkingPast(stack, p.headMessages, w.messages);
  return { at, injected };
}
