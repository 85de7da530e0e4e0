import { describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { testServers } from './env.ts';

describe('test servers', () => {
  it('global setup started NATS and Redis', async () => {
    const { natsUrl, redisUrl } = testServers();
    for (const u of [natsUrl, redisUrl]) {
      const port = Number(new URL(u).port);
      await new Promise<void>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve()));
        s.on('error', reject);
      });
    }
    expect(natsUrl).toMatch(/^nats:/);
  });
});
