import { describe, expect, it } from 'vitest';
import { selfTimes, type CpuProfile } from './profile-summary.ts';

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });

describe('profile summary', () => {
  it('adds up self time per key from the samples', () => {
    const p: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 3] },
        { id: 2, callFrame: frame('readNote', 'file:///x/reader.ts') },
        { id: 3, callFrame: frame('(garbage collector)', '') },
      ],
      samples: [2, 2, 3, 2],
      timeDeltas: [1000, 3000, 2000, 2000],
    };
    const rows = selfTimes(p, (n) => n.callFrame.functionName);
    expect(rows).toEqual([
      { name: 'readNote', ms: 6, share: 0.75 },
      { name: '(garbage collector)', ms: 2, share: 0.25 },
    ]);
  });
});
