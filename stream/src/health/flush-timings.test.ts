import { describe, expect, it } from 'vitest';
import { FlushTimings } from './flush-timings.ts';

describe('FlushTimings', () => {
  it('sums phases, keeps the longest cycle and starts afresh after each snapshot', () => {
    const t = new FlushTimings();
    t.add('viewsMs', 10.4);
    t.add('viewsMs', 5.3);
    t.add('seriesMs', 2);
    t.cycle(40);
    t.cycle(25);
    expect(t.snapshot()).toEqual({
      cycles: 2,
      cycleMaxMs: 40,
      prepareMs: 0,
      viewsMs: 16,
      seriesMs: 2,
      detailsMs: 0,
      rollupMs: 0,
    });
    expect(t.snapshot().cycles).toBe(0);
  });
});
