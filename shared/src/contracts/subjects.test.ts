import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eventSubject, partitionOf, partitionOfSubject } from './subjects.ts';

describe('partitioning', () => {
  it('uses FNV-1a 32-bit mod P (documented values)', () => {
    // FNV-1a("a") = 0xe40c292c; FNV-1a("") = 0x811c9dc5
    expect(partitionOf('a', 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    expect(partitionOf('a', 16)).toBe(0xe40c292c % 16);
  });

  it('is stable and in range for every unit id', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.integer({ min: 1, max: 64 }), (id, p) => {
        const k = partitionOf(id, p);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThan(p);
        expect(partitionOf(id, p)).toBe(k);
        expect(partitionOfSubject(eventSubject(k, id, 'caseload.note.submitted'))).toBe(k);
      }),
    );
  });

  it('spreads 500 units over 16 partitions roughly evenly', () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 500; i++) counts[partitionOf(`unit-${i}`, 16)]++;
    expect(Math.min(...counts)).toBeGreaterThan(15);
    expect(Math.max(...counts)).toBeLessThan(50);
  });
});
