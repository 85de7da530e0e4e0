import { describe, expect, it } from 'vitest';
import { InterestBook } from './interest.ts';

describe('InterestBook', () => {
  const clock = () => {
    let t = 1_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('counts every unit as watched while no wallboard reports', () => {
    const book = new InterestBook();
    expect(book.watched('U1')).toBe(true);
  });

  it('counts the units some server holds, across servers', () => {
    const c = clock();
    const book = new InterestBook(c.now);
    book.record({ server: 'wb-a', units: ['U1'], ttlMs: 5000 });
    book.record({ server: 'wb-b', units: ['U2'], ttlMs: 5000 });
    expect(book.watched('U1')).toBe(true);
    expect(book.watched('U2')).toBe(true);
    expect(book.watched('U3')).toBe(false);
  });

  it("replaces a server's last report: a unit its screens let go is no longer watched", () => {
    const c = clock();
    const book = new InterestBook(c.now);
    book.record({ server: 'wb-a', units: ['U1', 'U2'], ttlMs: 5000 });
    book.record({ server: 'wb-a', units: ['U2'], ttlMs: 5000 });
    expect(book.watched('U1')).toBe(false);
    expect(book.watched('U2')).toBe(true);
  });

  it('lets a silent server lapse after its ttl, and falls back to "all watched" when none is left', () => {
    const c = clock();
    const book = new InterestBook(c.now);
    book.record({ server: 'wb-a', units: ['U1'], ttlMs: 5000 });
    book.record({ server: 'wb-b', units: [], ttlMs: 20_000 });
    c.advance(4_999);
    expect(book.watched('U1')).toBe(true);
    c.advance(1);
    // wb-a lapsed; wb-b still reports and holds nothing.
    expect(book.watched('U1')).toBe(false);
    c.advance(15_000);
    expect(book.watched('U1')).toBe(true);
  });
});
