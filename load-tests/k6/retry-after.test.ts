import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { headerValue, parseRetryAfter, retryDelaySeconds } from './lib/retry-after.js';

const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 3 ', NOW)).toBe(3);
    expect(parseRetryAfter('120', NOW)).toBe(120);
  });

  it('reads an HTTP-date as the seconds left until it, as Date renders it in UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400 }), (secondsAhead) => {
        const date = new Date(NOW + secondsAhead * 1000).toUTCString(); // IMF-fixdate
        expect(parseRetryAfter(date, NOW)).toBe(secondsAhead);
      }),
    );
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(0); // in the past
  });

  it('ignores what is neither', () => {
    for (const bad of [
      undefined,
      null,
      '',
      '-1',
      '1.5',
      'soon',
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 06 Foo 1994 08:49:37 GMT',
    ]) {
      expect(parseRetryAfter(bad, NOW)).toBeNull();
    }
  });

  it('waits what the server asks, else backs off, never past the cap', () => {
    const limits = { fallbackSeconds: 0.5, maxSeconds: 10 };
    expect(retryDelaySeconds('2', 1, NOW, limits)).toBe(2);
    expect(retryDelaySeconds('600', 1, NOW, limits)).toBe(10);
    expect([1, 2, 3, 4, 5, 6].map((a) => retryDelaySeconds(undefined, a, NOW, limits))).toEqual([0.5, 1, 2, 4, 8, 10]);
  });

  it('finds the header whatever its case', () => {
    expect(headerValue({ 'Retry-After': '5' }, 'retry-after')).toBe('5');
    expect(headerValue({ 'retry-after': '6' }, 'Retry-After')).toBe('6');
    expect(headerValue({}, 'Retry-After')).toBeUndefined();
    expect(headerValue(undefined, 'Retry-After')).toBeUndefined();
  });
});
