import { describe, expect, it } from 'vitest';
import { dueUnits } from './due-units.ts';

describe('dueUnits', () => {
  const pace = { watchedMs: 250, unwatchedMs: 2000, watched: (u: string) => u.startsWith('W') };

  it('builds a unit never built at once, watched or not', () => {
    expect(dueUnits(['W1', 'Q1'], new Map(), 1000, pace)).toEqual(['W1', 'Q1']);
  });

  it('rebuilds a watched unit every watchedMs and an unwatched one every unwatchedMs', () => {
    const last = new Map([
      ['W1', 1000],
      ['Q1', 1000],
    ]);
    expect(dueUnits(['W1', 'Q1'], last, 1249, pace)).toEqual([]);
    expect(dueUnits(['W1', 'Q1'], last, 1250, pace)).toEqual(['W1']);
    expect(dueUnits(['W1', 'Q1'], last, 2999, pace)).toEqual(['W1']);
    expect(dueUnits(['W1', 'Q1'], last, 3000, pace)).toEqual(['W1', 'Q1']);
  });

  it('never rebuilds an unwatched unit more often than a watched one', () => {
    const last = new Map([['Q1', 0]]);
    const slow = { ...pace, watchedMs: 3000 };
    expect(dueUnits(['Q1'], last, 2500, slow)).toEqual([]);
    expect(dueUnits(['Q1'], last, 3000, slow)).toEqual(['Q1']);
  });

  it('only considers units with changes', () => {
    expect(dueUnits([], new Map(), 10_000, pace)).toEqual([]);
  });
});
