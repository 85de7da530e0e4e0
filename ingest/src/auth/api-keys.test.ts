import { describe, expect, it } from 'vitest';
import { ApiKeys } from '@caseload/shared';
import { ApiKeyDirectory } from './api-keys.ts';

describe('ApiKeyDirectory', () => {
  const dir = new ApiKeyDirectory(ApiKeys.parse('all-sites-key-000001,north-only-key-0001=north|east'));

  it('finds a key and its scope', () => {
    expect(dir.authenticate('Bearer all-sites-key-000001').scope).toEqual({ all: true });
    const limited = dir.authenticate('bearer north-only-key-0001').scope;
    expect(limited.all).toBe(false);
    expect(!limited.all && [...limited.sites]).toEqual(['north', 'east']);
  });

  it('labels callers without revealing the key', () => {
    const label = dir.authenticate('Bearer all-sites-key-000001').keyLabel;
    expect(label).toMatch(/^[0-9a-f]{8}$/);
    expect('all-sites-key-000001').not.toContain(label);
  });

  it('refuses missing, malformed and unknown keys with 401', () => {
    for (const h of [undefined, '', 'all-sites-key-000001', 'Basic x', 'Bearer all-sites-key-00000', 'Bearer a b'])
      expect(() => dir.authenticate(h)).toThrow(expect.objectContaining({ status: 401 }));
  });
});
