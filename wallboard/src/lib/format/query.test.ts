import { describe, expect, it } from 'vitest';
import { withParams } from './query.ts';

describe('withParams', () => {
  it('sets and removes keys and keeps the rest', () => {
    const q = new URLSearchParams('sort=load&track=housing');
    expect(withParams(q, { sort: 'name', dir: 'asc' })).toBe('?sort=name&track=housing&dir=asc');
    expect(withParams(q, { track: null })).toBe('?sort=load');
    expect(withParams(new URLSearchParams(''), { track: '' })).toBe('?');
  });
});
