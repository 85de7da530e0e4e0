import { describe, expect, it } from 'vitest';
import { boardPath, nextBoard, parseRotation, rotationSeconds } from './rotation.ts';

describe('board rotation', () => {
  it('reads the boards from ?rotate= and skips anything malformed', () => {
    expect(parseRotation('unit:u1, site:s-2,bogus,unit:,unit:a/b')).toEqual([
      { scope: 'unit', id: 'u1' },
      { scope: 'site', id: 's-2' },
    ]);
    expect(parseRotation(null)).toEqual([]);
  });

  it('goes round the list, and stays put with fewer than two boards', () => {
    const list = parseRotation('unit:a,unit:b,site:c');
    expect(nextBoard(list, { scope: 'site', id: 'c' })).toEqual({ scope: 'unit', id: 'a' });
    expect(nextBoard(list, { scope: 'unit', id: 'a' })).toEqual({ scope: 'unit', id: 'b' });
    expect(nextBoard(parseRotation('unit:a'), { scope: 'unit', id: 'a' })).toBeNull();
  });

  it('builds board paths and bounds the interval', () => {
    expect(boardPath({ scope: 'site', id: 's1' })).toBe('/board/site/s1');
    expect(rotationSeconds('5')).toBe(45);
    expect(rotationSeconds('120')).toBe(120);
  });
});
