import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.ts';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig(['INGEST_PORT', 'CLOCK', 'PARTITIONS'], {});
    expect(c).toEqual({ INGEST_PORT: 8080, CLOCK: 'wall', PARTITIONS: 16 });
  });

  it('names every bad variable', () => {
    try {
      loadConfig(['AUTH_SECRET', 'NOTE_ENCRYPTION_KEY', 'NATS_URL', 'INGEST_API_KEYS'], {
        AUTH_SECRET: 'short',
        NOTE_ENCRYPTION_KEY: 'xyz',
        NATS_URL: 'http://x',
        INGEST_API_KEYS: 'tiny',
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const vars = (e as ConfigError).problems.map((p) => p.variable).sort();
      expect(vars).toEqual(['AUTH_SECRET', 'INGEST_API_KEYS', 'NATS_URL', 'NOTE_ENCRYPTION_KEY']);
      expect((e as Error).message).toMatch(/AUTH_SECRET: must be at least 32 characters/);
    }
  });

  it('reads site-scoped API keys', () => {
    const c = loadConfig(['INGEST_API_KEYS'], { INGEST_API_KEYS: 'aaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbb=north|south' });
    expect(c.INGEST_API_KEYS.get('aaaaaaaaaaaaaaaa')).toBe('all');
    expect(c.INGEST_API_KEYS.get('bbbbbbbbbbbbbbbb')).toEqual(new Set(['north', 'south']));
  });

  it('says a required variable is required', () => {
    expect(() => loadConfig(['AUTH_SECRET'], {})).toThrow(/AUTH_SECRET: is required/);
  });
});
