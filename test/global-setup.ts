import { startNats, startRedis, type OwnedServer } from '../shared/src/testing/servers.ts';

/**
 * One real NATS (JetStream) and one real Redis for the whole run, on free ports with temporary data
 * directories. Tests that need to stop or restart a server start their own.
 */
let servers: OwnedServer[] = [];

export async function setup() {
  const [nats, redis] = await Promise.all([startNats(), startRedis()]);
  servers = [nats, redis];
  process.env.TEST_NATS_URL = nats.url;
  process.env.TEST_REDIS_URL = redis.url;
}

export async function teardown() {
  await Promise.all(servers.map((s) => s.destroy()));
}
