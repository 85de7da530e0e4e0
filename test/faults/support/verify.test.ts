import { describe, expect, it } from 'vitest';
import { compareFigures } from './verify.ts';
import type { Expected } from './workload.ts';

const expected: Expected = {
  notes: new Map([
    ['W1', 3],
    ['W2', 1],
  ]),
  contacts: new Map([
    ['W1', 2],
    ['W2', 0],
  ]),
  unitOf: new Map([
    ['W1', 'U1'],
    ['W2', 'U1'],
  ]),
  noteIds: [],
};

describe('compareFigures', () => {
  it('is exact when every worker matches', () => {
    const observed = new Map([
      ['W1', { notes: 3, contacts: 2 }],
      ['W2', { notes: 1, contacts: 0 }],
    ]);
    expect(compareFigures(expected, observed)).toEqual({ lost: 0, doubled: 0, mismatches: [] });
  });

  it('counts missing figures as lost and extra ones as doubled, per worker', () => {
    const observed = new Map([
      ['W1', { notes: 5, contacts: 1 }],
      ['W2', { notes: 1, contacts: 0 }],
    ]);
    const c = compareFigures(expected, observed);
    expect(c.lost).toBe(1);
    expect(c.doubled).toBe(2);
    expect(c.mismatches).toEqual(['W1: notes 5/3, contacts 1/2']);
  });

  it('counts a worker absent from the views as all lost', () => {
    const c = compareFigures(expected, new Map([['W2', { notes: 1, contacts: 0 }]]));
    expect(c.lost).toBe(5);
    expect(c.mismatches[0]).toContain('W1: notes ∅/3');
  });
});
