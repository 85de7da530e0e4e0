import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import type { AtFault } from './backlog.ts';

/** One line of the fault table: everything measured, nothing assumed. */
export interface FaultRow {
  fault: string;
  /** Distinct events the producer sent (each once, however often retried). */
  sent: number;
  /** Events acknowledged to the producer (HTTP 202, or the JetStream ack when injected). */
  acknowledged: number;
  /** Messages in the stream (an event makes one per partition it reaches) and those the processor acked. */
  streamMessages: number;
  processed: number;
  atFault: AtFault;
  lost: number;
  doubled: number;
  /** From the fault's end (restart) to the first sign of recovery, and to exactly-right views. */
  recoveryMs: number;
  convergedMs: number;
  /** Peak resident memory of the processes watched, in MB. */
  peakRssMB?: Record<string, number>;
  note?: string;
  /** The first differing workers, when any (for the failure message, not the table). */
  mismatches?: string[];
}

const n = (x: number) => x.toLocaleString('en-US');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Pure: the table in Markdown. */
export function formatTable(rows: FaultRow[]): string {
  const head = [
    'fault',
    'events sent',
    'acknowledged',
    'stream msgs',
    'processed',
    'unacked at fault',
    'done at fault',
    'lost',
    'doubled',
    'recovery',
    'exact views after',
    'peak RSS (MB)',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const r of rows) {
    const rss = r.peakRssMB
      ? Object.entries(r.peakRssMB)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')
      : '';
    lines.push(
      `| ${[
        r.fault,
        n(r.sent),
        n(r.acknowledged),
        n(r.streamMessages),
        n(r.processed),
        n(r.atFault.unacked),
        `${(r.atFault.fraction * 100).toFixed(0)}%`,
        n(r.lost),
        n(r.doubled),
        s(r.recoveryMs),
        s(r.convergedMs),
        rss,
      ].join(' | ')} |`,
    );
  }
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.fault}: ${r.note}`);
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** Writes the table with the load it was taken under (the machine is shared). */
export function writeResults(path: string, rows: FaultRow[]): string {
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
  const text = [
    '# Fault-injection results (`npx vitest run --project faults`)',
    '',
    `Taken ${new Date().toISOString()}; load average ${load}. "recovery": from the restart (or the fault, where`,
    'nothing restarts) to the first sign of progress; "exact views after": from then until every unit view',
    'equals the expected counts. "processed" and "unacked" count stream messages (roster events reach every',
    'partition); "done at fault" is the share of the run the processor had acknowledged when the fault struck.',
    '',
    formatTable(rows),
    '',
  ].join('\n');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return text;
}
