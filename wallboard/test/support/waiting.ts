import type { ViewMessage } from '@caseload/shared';
import type { LiveClient } from './harness.ts';

/** The next `view` event that matches, or a rejection after `timeoutMs`. */
export function nextView(
  socket: LiveClient,
  match: (m: ViewMessage) => boolean,
  timeoutMs = 5000,
): Promise<ViewMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('view', on);
      reject(new Error(`no matching view within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (m: ViewMessage) => {
      if (!match(m)) return;
      clearTimeout(timer);
      socket.off('view', on);
      resolve(m);
    };
    socket.on('view', on);
  });
}

/** Collects every `view` event from now on (for asserting what did not arrive). */
export function collectViews(socket: LiveClient): ViewMessage[] {
  const seen: ViewMessage[] = [];
  socket.on('view', (m) => seen.push(m));
  return seen;
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
