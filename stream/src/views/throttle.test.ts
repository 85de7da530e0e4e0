import { afterEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from './throttle.ts';

describe('Throttle', () => {
  afterEach(() => vi.useRealTimers());

  it('sends the first change at once, at most one per interval, and never drops the last', async () => {
    vi.useFakeTimers();
    const sent: [number, string][] = [];
    const t = new Throttle<string>(250, (_k, v) => {
      sent.push([Date.now(), v]);
    });
    const start = Date.now();
    t.offer('a', 'v1');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s[1])).toEqual(['v1']);
    for (let i = 2; i <= 10; i++) {
      await vi.advanceTimersByTimeAsync(50);
      t.offer('a', `v${i}`);
    }
    await vi.advanceTimersByTimeAsync(1000);
    const values = sent.map((s) => s[1]);
    expect(values[values.length - 1]).toBe('v10');
    for (let i = 1; i < sent.length; i++) expect(sent[i]![0] - sent[i - 1]![0]).toBeGreaterThanOrEqual(250);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil((Date.now() - start) / 250));
  });

  it('throttles each key on its own', async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const t = new Throttle<string>(250, (k, v) => {
      sent.push(`${k}=${v}`);
    });
    t.offer('a', '1');
    t.offer('b', '1');
    t.offer('a', '2');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['a=1', 'b=1']);
    await vi.advanceTimersByTimeAsync(250);
    expect(sent).toEqual(['a=1', 'b=1', 'a=2']);
  });

  it('drain sends what waits', async () => {
    const sent: string[] = [];
    const t = new Throttle<string>(10_000, (_k, v) => {
      sent.push(v);
    });
    t.offer('a', '1');
    t.offer('a', '2');
    await t.drain();
    expect(sent).toEqual(['1', '2']);
  });
});
