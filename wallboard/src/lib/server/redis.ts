import { createClient } from 'redis';

/**
 * A Redis client that fails fast while the server is away (no offline queue, so a request answers
 * 503 at once instead of hanging) and reconnects by itself.
 */
function newClient(url: string) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000), connectTimeout: 5000 },
  });
}

export type Redis = ReturnType<typeof newClient>;

export async function connectRedis(url: string, onError: (e: Error) => void): Promise<Redis> {
  const client = newClient(url);
  client.on('error', onError);
  await client.connect();
  return client;
}
