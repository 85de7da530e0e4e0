import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ClientReport } from './socket-client.ts';

/**
 * The Socket.IO screens, spread over `processes` children: `holds` are the unit views they keep
 * (one screen each), dealt round-robin so every child gets a share of the marker units too.
 */
export class SocketFleet {
  readonly children: ChildProcess[] = [];
  private readonly reports: ClientReport[] = [];
  onMarker: (unitId: string, count: number, atMs: number) => void = () => undefined;

  static async start(o: {
    url: string;
    token: string;
    holds: string[];
    markers: { unitId: string; workerId: string }[];
    processes: number;
    reportMs?: number;
  }): Promise<SocketFleet> {
    const fleet = new SocketFleet();
    const n = Math.max(1, Math.min(o.processes, o.holds.length));
    const shares = Array.from({ length: n }, (_, i) => o.holds.filter((_, j) => j % n === i));
    const file = fileURLToPath(new URL('./socket-client.ts', import.meta.url));
    const ready = shares.map((holds) => {
      const child = fork(
        file,
        [JSON.stringify({ url: o.url, token: o.token, holds, markers: o.markers, reportMs: o.reportMs ?? 500 })],
        {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        },
      );
      fleet.children.push(child);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('Socket.IO clients did not subscribe within 180 s')), 180_000);
        child.once('exit', (code) => reject(new Error(`a client process exited (${code}) before it was ready`)));
        child.on('message', (m: ChildMessage) => {
          if (m.type === 'ready') {
            clearTimeout(timer);
            if (m.failed.length) reject(new Error(`subscribe failed for ${m.failed.length} screens (${m.failed[0]}…)`));
            else resolve();
          } else fleet.take(m);
        });
      });
    });
    try {
      await Promise.all(ready);
    } catch (e) {
      await fleet.stop();
      throw e;
    }
    for (const c of fleet.children) c.removeAllListeners('exit');
    return fleet;
  }

  private take(r: ClientReport): void {
    this.reports.push(r);
    for (const m of r.markers) this.onMarker(m.unitId, m.count, m.atMs);
  }

  get pids(): number[] {
    return this.children.map((c) => c.pid!).filter(Boolean);
  }

  /** Views delivered and their ages, from the reports made in [fromMs, toMs). */
  window(fromMs: number, toMs: number): { views: number; agesMs: number[] } {
    let views = 0;
    const agesMs: number[] = [];
    for (const r of this.reports) {
      if (r.atMs < fromMs || r.atMs >= toMs) continue;
      views += r.views;
      for (const a of r.agesMs) agesMs.push(a);
    }
    return { views, agesMs };
  }

  /** Screens connected, as each child last reported. */
  connected(): number {
    const last = new Map<number, number>();
    for (const r of this.reports) last.set(r.pid, r.connected);
    return [...last.values()].reduce((a, b) => a + b, 0);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const t = setTimeout(() => c.kill('SIGKILL'), 3000);
            c.once('exit', () => (clearTimeout(t), resolve()));
            c.kill('SIGTERM');
          }),
      ),
    );
  }
}
