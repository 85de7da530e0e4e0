import { describe, expect, it } from 'vitest';
import { inStrikeWindow } from './backlog.ts';
import { formatTable, type FaultRow } from './results.ts';

const row: FaultRow = {
  fault: 'kill -9 processor, restart',
  sent: 12_000,
  acknowledged: 12_000,
  streamMessages: 14_500,
  processed: 14_500,
  atFault: { unacked: 11_250, acked: 3_250, fraction: 0.224 },
  lost: 0,
  doubled: 0,
  recoveryMs: 4_321,
  convergedMs: 20_000,
  peakRssMB: { processor: 180 },
  note: 'a note',
};

describe('fault table', () => {
  it("prints one line per fault with the issue's columns and the notes below", () => {
    const t = formatTable([row]).split('\n');
    expect(t[0]).toMatch(/^\| fault \| events sent \| acknowledged \|.*\| lost \| doubled \| recovery \|/);
    expect(t[2]).toBe(
      '| kill -9 processor, restart | 12,000 | 12,000 | 14,500 | 14,500 | 11,250 | 22% | 0 | 0 | 4.3 s | 20.0 s | processor 180 |',
    );
    expect(t.at(-1)).toBe('- kill -9 processor, restart: a note');
  });
});

describe('strike window', () => {
  it('needs 10,000 unacknowledged and 10–90% done', () => {
    expect(inStrikeWindow({ unacked: 10_000, acked: 2_000, fraction: 0.1 })).toBe(true);
    expect(inStrikeWindow({ unacked: 9_999, acked: 2_000, fraction: 0.5 })).toBe(false);
    expect(inStrikeWindow({ unacked: 20_000, acked: 2_000, fraction: 0.09 })).toBe(false);
    expect(inStrikeWindow({ unacked: 20_000, acked: 2_000, fraction: 0.91 })).toBe(false);
  });
});
