import { describe, expect, it } from 'vitest';
import type { ViewMessage } from '@caseload/shared';
import { isNewer, viewKey } from './seq-guard.ts';

const msg = (seq: number): ViewMessage =>
  ({ scope: 'unit', id: 'u1', seq, asOf: '', generatedAt: '', view: {} }) as unknown as ViewMessage;

describe('seq guard', () => {
  it('takes the first view and every higher seq', () => {
    expect(isNewer(undefined, msg(4))).toBe(true);
    expect(isNewer(msg(4), msg(5))).toBe(true);
  });

  it('never goes back to a lower seq, and ignores the same seq again', () => {
    expect(isNewer(msg(5), msg(4))).toBe(false);
    expect(isNewer(msg(5), msg(5))).toBe(false);
  });

  it('keys views by scope and id', () => {
    expect(viewKey('unit', 'u1')).toBe('unit:u1');
    expect(viewKey('site', 's1')).toBe('site:s1');
    expect(viewKey('sites')).toBe('sites');
  });
});
