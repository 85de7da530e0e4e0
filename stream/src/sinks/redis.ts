import { createClient } from 'redis';

/**
 * Redis connections for the processor. The per-command timeout is off: node-redis v6 otherwise
 * arms an AbortSignal per command, which costs about 4× on pipelined work (MEASURED.md).
 */
export function createRedis(url: string) {
  return createClient({ url, commandOptions: { timeout: 0 } });
}

export type RedisClient = ReturnType<typeof createRedis>;

export async function connectRedis(url: string): Promise<RedisClient> {
  const c = createRedis(url);
  c.on('error', () => {
    // Reconnects on its own; commands fail meanwhile and the caller retries at the next flush.
  });
  await c.connect();
  return c;
}
