import { describe, expect, it } from 'vitest';
import { summariseHealth } from './step-runner.ts';

describe('summariseHealth', () => {
  it('takes the worst stall, the median second p99, the longest cycle and cycles per second', () => {
    const h = summariseHealth(
      [
        { loopDelayMaxMs: 40, loopDelayP99Ms: 20, flush: { cycles: 9, cycleMaxMs: 60 } },
        { loopDelayMaxMs: 310, loopDelayP99Ms: 300, flush: { cycles: 5, cycleMaxMs: 420 } },
        { loopDelayMaxMs: 55, loopDelayP99Ms: 30, flush: { cycles: 10, cycleMaxMs: 80 } },
      ],
      3,
    );
    expect(h).toEqual({ loopDelayMaxMs: 310, loopDelayP99MedianMs: 30, cycleMaxMs: 420, cyclesPerSecond: 8 });
  });

  it('is null when no snapshot could be read', () => {
    expect(summariseHealth([], 60)).toBeNull();
  });
});
