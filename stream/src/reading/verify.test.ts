import { defaultDictionary } from '@caseload/shared';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './groq-call.ts';
import { BoundedQueue, QueueFullError } from './queue.ts';
import { checkAnswer } from './verify.ts';

const ctx = { negated: false, hypothetical: false, historical: false, experiencer: 'client' as const };

describe('checkAnswer', () => {
  it('cites a repeated quote at successive occurrences and drops quotes that differ by a character', () => {
    const text = 'He was drinking. She was drinking too.';
    const { findings, dropped } = checkAnswer(
      text,
      {
        findings: [
          { code: 'substance_use', quote: 'drinking', ...ctx },
          { code: 'substance_use', quote: 'drinking', ...ctx },
          { code: 'substance_use', quote: 'Drinking', ...ctx },
        ],
      },
      defaultDictionary,
    );
    expect(findings.map((f) => text.slice(f.start, f.end))).toEqual(['drinking', 'drinking']);
    expect(findings.map((f) => f.start)).toEqual([7, 25]);
    expect(dropped).toEqual(['quote_not_found']);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:10 GMT', Date.parse('Tue, 24 Nov 2026 10:00:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('BoundedQueue', () => {
  it('runs at most `concurrency` tasks and rejects beyond `maxQueued`', async () => {
    const q = new BoundedQueue(2, 1);
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const task = () =>
      q.run(async () => {
        peak = Math.max(peak, ++running);
        await new Promise<void>((r) => release.push(r));
        running--;
      });
    const started = [task(), task(), task()];
    await expect(task()).rejects.toBeInstanceOf(QueueFullError);
    await new Promise((r) => setTimeout(r, 10));
    expect(q.size).toEqual({ running: 2, waiting: 1 });
    while (release.length || q.size.running) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(started);
    expect(peak).toBe(2);
  });
});
