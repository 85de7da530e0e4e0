import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { benjaminiHochberg, bhAdjust } from './fdr.ts';

describe('Benjamini–Hochberg', () => {
  it('rejects up to the largest rank under the line (textbook example)', () => {
    const p = [0.01, 0.04, 0.03, 0.005, 0.2];
    // sorted 0.005, 0.01, 0.03, 0.04, 0.2 against 0.01, 0.02, 0.03, 0.04, 0.05 → the first four.
    expect(benjaminiHochberg(p, 0.05)).toEqual([true, true, true, true, false]);
  });
  it('counts untested members of the family in m', () => {
    expect(benjaminiHochberg([0.01], 0.05, 1)).toEqual([true]);
    expect(benjaminiHochberg([0.01], 0.05, 10)).toEqual([false]);
  });
  it('agrees with the adjusted p-values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
        fc.double({ min: 0.001, max: 0.3, noNaN: true }),
        (ps, q) => {
          const keep = benjaminiHochberg(ps, q);
          const adj = bhAdjust(ps);
          ps.forEach((_, i) => expect(keep[i]).toBe(adj[i]! <= q));
        },
      ),
    );
  });
});
