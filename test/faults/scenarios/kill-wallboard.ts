import { progress } from '../support/progress.ts';
import type { FaultRow } from '../support/results.ts';
import { FaultStack } from '../support/stack.ts';
import { issueToken } from '../support/token.ts';
import { LiveWatcher, type Resync } from '../support/live-watcher.ts';
import { compareFigures, readSeqs, type WorkerFigures } from '../support/verify.ts';
import { waitFor } from '../support/wait.ts';
import type { Expected, Workload } from '../support/workload.ts';
import { awaitConvergence } from './common.ts';
import { injectedRunToStrike } from './injected-run.ts';

export interface KillWallboardResult {
  row: FaultRow;
  clients: {
    name: string;
    mode: string;
    resyncs: Resync[];
    backwards: number;
    /** Final seq per unit as the client has it, and as Redis has it. */
    finalSeqs: [string, number, number][];
    /** The client's last views against the expected counts. */
    lost: number;
    doubled: number;
  }[];
  killedAt: number;
  /** Where the failover screens went. */
  otherUrl: string;
}

const WATCHED_UNITS = 6;
const CLIENTS_PER_MODE = 3;

function restrict(expected: Expected, unitIds: string[]): Expected {
  const keep = new Set(unitIds);
  const unitOf = new Map([...expected.unitOf].filter(([, u]) => keep.has(u)));
  return { ...expected, unitOf };
}

/**
 * Fault 4: two wallboard servers; screens (socket.io-client) on server A watch units while the
 * processor works through the backlog. A is killed -9 mid-flight: `sticky` screens wait for A to
 * come back on its port, `failover` screens move to B; all subscribe again and must get each whole
 * view with seq ≥ the last they saw, and end on the final views.
 */
export async function killWallboard(w: Workload, partitions: number): Promise<KillWallboardResult> {
  const log = (s: string) => progress('wallboard', s);
  const stack = await FaultStack.start('wallboard', partitions);
  const watchers: LiveWatcher[] = [];
  try {
    const processor = stack.processor('wallboard-proc');
    const a = await stack.wallboard('wallboard-a');
    const b = await stack.wallboard('wallboard-b');
    await Promise.all([processor.start(), a.service.start(), b.service.start()]);
    const token = await issueToken('operations', stack.redisServer.url, a.url);
    const units = w.unitIds.slice(0, WATCHED_UNITS);

    const { at, injected } = await injectedRunToStrike(stack, w, processor, log, async () => {
      for (let i = 0; i < CLIENTS_PER_MODE; i++) {
        watchers.push(new LiveWatcher(`sticky-${i}`, [a.url], token, units, 'sticky'));
        watchers.push(new LiveWatcher(`failover-${i}`, [a.url, b.url], token, units, 'failover'));
      }
      await Promise.all(watchers.map((x) => x.start()));
      log(`${watchers.length} screens watching ${units.length} units on A`);
    });
    const killedAt = Date.now();
    await a.service.signal('SIGKILL');
    log(`wallboard A killed at ${JSON.stringify(at)}`);
    await a.service.start();
    log(`wallboard A back after ${Date.now() - killedAt} ms`);
    await waitFor('every screen to resync', async () => watchers.every((x) => x.resyncedSince(killedAt)), 60_000, 50);
    const resyncMs = (mode: string) =>
      Math.max(
        ...watchers
          .filter((x) => x.mode === mode)
          .flatMap((x) => x.resyncs.filter((r) => r.at >= killedAt).map((r) => r.at - killedAt)),
      );
    const recoveryMs = Math.max(resyncMs('sticky'), resyncMs('failover'));
    log(`all screens resynced ${recoveryMs} ms after the kill`);

    const conv = await awaitConvergence(stack, w);
    log(`converged in ${conv.ms} ms: ${JSON.stringify(conv.backlog)}`);
    const expected = restrict(w.expected, units);
    // Screens get the last view too (the throttle never drops it). Views can still change after the
    // counts settle (signals are re-evaluated on a timer), so Redis's seqs are read afresh each time.
    let stored = await readSeqs(stack.redis, units);
    await waitFor(
      'every screen to hold the final views',
      async () => {
        stored = await readSeqs(stack.redis, units);
        return watchers.every((x) => units.every((u) => x.lastSeq.get(u) === stored.get(u)));
      },
      20_000,
      100,
    ).catch(() => undefined);
    const clients = watchers.map((x) => {
      const figures: WorkerFigures = new Map();
      for (const v of x.views.values())
        for (const wk of v.workers)
          figures.set(wk.workerId, { notes: wk.notesInWindow, contacts: wk.contactsInWindow });
      const c = compareFigures(expected, figures);
      return {
        name: x.name,
        mode: x.mode,
        resyncs: x.resyncs,
        backwards: x.backwards,
        finalSeqs: units.map((u): [string, number, number] => [u, x.lastSeq.get(u) ?? -1, stored.get(u) ?? -1]),
        lost: c.lost,
        doubled: c.doubled,
      };
    });
    const sum = (k: 'lost' | 'doubled') => clients.reduce((n, c) => n + c[k], 0);
    return {
      row: {
        fault: 'kill -9 a wallboard server',
        sent: w.events.length,
        acknowledged: w.events.length,
        streamMessages: conv.backlog.stored,
        processed: conv.backlog.acked,
        atFault: at,
        lost: conv.comparison.lost + sum('lost') + Math.max(0, injected - conv.backlog.stored),
        doubled: conv.comparison.doubled + sum('doubled'),
        recoveryMs,
        convergedMs: conv.ms,
        mismatches: conv.comparison.mismatches,
        note:
          `${watchers.length} screens × ${units.length} units: ${CLIENTS_PER_MODE} moved to B and resynced within ` +
          `${(resyncMs('failover') / 1000).toFixed(1)} s, ${CLIENTS_PER_MODE} waited for A's restart (` +
          `${(resyncMs('sticky') / 1000).toFixed(1)} s); lost/doubled include the screens' final views`,
      },
      clients,
      killedAt,
      otherUrl: b.url,
    };
  } finally {
    for (const x of watchers) x.close();
    await stack.destroy();
  }
}
