/** Settings every test stack shares: fixed, obviously-fake secrets. Never used outside tests. */
export const TEST_NOTE_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
export const TEST_OLD_NOTE_KEY = 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100';
export const TEST_AUTH_SECRET = 'test-auth-secret-that-is-at-least-32-chars';
export const TEST_API_KEY = 'test-key-all-sites-0001';
export const TEST_SITE_KEY = 'test-key-site-north-01';

/** The URLs of the NATS and Redis servers the global test setup started. */
export function testServers(): { natsUrl: string; redisUrl: string } {
  const natsUrl = process.env.TEST_NATS_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!natsUrl || !redisUrl)
    throw new Error('TEST_NATS_URL/TEST_REDIS_URL unset: run through `npm test` (vitest global setup)');
  return { natsUrl, redisUrl };
}
