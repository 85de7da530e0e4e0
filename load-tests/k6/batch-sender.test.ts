import { describe, expect, it } from 'vitest';
import { sendWithRetry, type Answer } from './lib/batch-sender.js';

const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);
const limits = { maxRetries: 3, fallbackSeconds: 1, maxSeconds: 10 };

/** A server that answers from a script, and a sleep that only writes down how long it was asked for. */
function scripted(answers: Array<[number, Record<string, string>?]>) {
  const sent: number[] = [];
  const slept: number[] = [];
  const send = (): Answer => {
    const [status, headers] = answers[Math.min(sent.length, answers.length - 1)]!;
    sent.push(status);
    return { status, headers: headers ?? {}, raw: { attempt: sent.length } };
  };
  return { send, sleep: (s: number) => slept.push(s), sent, slept };
}

describe('sending a batch', () => {
  it('stops at the first 202', () => {
    const s = scripted([[202]]);
    const out = sendWithRetry(s.send, s.sleep, () => NOW, limits);
    expect(out).toMatchObject({ accepted: true, responses503: 0, gaveUp: false, waitedSeconds: 0 });
    expect(s.sent).toEqual([202]);
  });

  it('waits out 503s for as long as Retry-After says, then sends the same batch again', () => {
    const s = scripted([
      [503, { 'Retry-After': '2' }],
      [503, { 'retry-after': new Date(NOW + 5_000).toUTCString() }],
      [202],
    ]);
    const out = sendWithRetry(s.send, s.sleep, () => NOW, limits);
    expect(out).toMatchObject({ accepted: true, responses503: 2, gaveUp: false, waitedSeconds: 7 });
    expect(s.slept).toEqual([2, 5]);
    expect(out.answer.raw).toEqual({ attempt: 3 });
  });

  it('gives up after the last retry, having waited a bounded time', () => {
    const s = scripted([[503, { 'Retry-After': '3600' }]]);
    const out = sendWithRetry(s.send, s.sleep, () => NOW, limits);
    expect(out).toMatchObject({ accepted: false, responses503: 4, gaveUp: true, waitedSeconds: 30 });
    expect(s.sent).toHaveLength(1 + limits.maxRetries);
  });

  it('backs off when a 503 forgets Retry-After', () => {
    const s = scripted([[503], [503], [202]]);
    sendWithRetry(s.send, s.sleep, () => NOW, limits);
    expect(s.slept).toEqual([1, 2]);
  });

  it('does not retry other refusals (they would fail again)', () => {
    for (const status of [400, 401, 403, 413, 415, 500, 0]) {
      const s = scripted([[status], [202]]);
      const out = sendWithRetry(s.send, s.sleep, () => NOW, limits);
      expect(out).toMatchObject({ accepted: false, gaveUp: false, responses503: 0 });
      expect(s.sent).toEqual([status]);
    }
  });
});
