import { describe, expect, it } from 'vitest';
import { judgeStep, type StepMeasure } from './judge.ts';

const flat = Array.from({ length: 10 }, (_, x) => ({ x, y: 500 + (x % 2) * 200 }));
const good: StepMeasure = {
  targetRate: 1000,
  seconds: 10,
  acceptedEvents: 9900,
  failedRequests: 0,
  latenciesMs: Array.from({ length: 50 }, (_, i) => 100 + i * 10), // 100..590
  unobservedMarkers: 0,
  backlog: flat,
};

describe('judgeStep', () => {
  it('passes a step that kept up', () => {
    expect(judgeStep(good)).toEqual({ passed: true, reasons: [] });
  });

  it('fails on each criterion of CONTRACT §6, saying which', () => {
    expect(judgeStep({ ...good, acceptedEvents: 9000 }).reasons).toEqual(['ingest accepted 900/s of 1000/s']);
    expect(judgeStep({ ...good, latenciesMs: [...good.latenciesMs, 1500] }).reasons).toEqual([
      'p99 ingest→view 1500 ms',
    ]);
    expect(judgeStep({ ...good, backlog: flat.map((p) => ({ x: p.x, y: p.y + 80 * p.x })) }).reasons[0]).toMatch(
      /^backlog growing 8\d msgs\/s$/,
    );
    expect(judgeStep({ ...good, failedRequests: 2 }).passed).toBe(false);
    expect(judgeStep({ ...good, unobservedMarkers: 1 }).passed).toBe(false);
    expect(judgeStep({ ...good, latenciesMs: [1, 2] }).reasons).toEqual(['only 2 markers']);
  });

  it('tolerates a checkpoint’s worth of saw-tooth at low rates, not a steady climb', () => {
    const climbing = (perSecond: number) => flat.map((p) => ({ x: p.x, y: p.y + perSecond * p.x }));
    const slow = { ...good, targetRate: 100, acceptedEvents: 1000 };
    expect(judgeStep({ ...slow, backlog: climbing(10) }).passed).toBe(true); // slope ≈ 16 (the saw-tooth adds 6);
    expect(judgeStep({ ...slow, backlog: climbing(30) }).passed).toBe(false);
  });
});
