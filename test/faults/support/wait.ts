import { waitFor as poll } from '@caseload/shared/testing';

/** Polling helpers for the fault suite: every wait is bounded and names what it waited for. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The shared poll, with the fault suite's longer default bound (its stacks restart processes). */
export function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  return poll(what, fn, timeoutMs, everyMs);
}
