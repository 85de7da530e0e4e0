import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startNats, TEST_SITE_KEY, type OwnedServer } from '@caseload/shared/testing';
import { note, startStack, unit, type Stack } from './helpers.ts';

/**
 * NATS stops mid-test: ingest answers 503 with Retry-After, recovers by itself when NATS is back on
 * the same data directory, and every event it ever answered 202 for is in the stream.
 */
let s: Stack | undefined;
let nats: OwnedServer | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'ingest-outage-'));
// Generous bounds: a busy shared machine can take seconds to restart JetStream and answer acks.
const RECOVERY_MS = 40_000;
const TEST_TIMEOUT_MS = 90_000;

afterAll(async () => {
  await s?.close();
  await nats?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

it(
  '503 while NATS is down, 202 again after it returns, nothing acknowledged is lost',
  async () => {
    nats = await startNats({ dataDir });
    s = await startStack({ nats, env: { PUBLISH_TIMEOUT_MS: '2000' }, reconnectTimeWait: 200 });
    const acknowledged: string[] = [];
    const send = async () => {
      const batch = [note('U-a'), note('U-b')];
      const r = await s!.post(batch);
      if (r.status === 202) acknowledged.push(...batch.map((e) => e.id));
      return r;
    };

    for (let i = 0; i < 5; i++) expect((await send()).status).toBe(202);

    await nats.stop();
    const down = await send();
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(down.body).toMatchObject({ error: 'unavailable', message: expect.any(String) });
    expect((await fetch(`${s.ingest.url}/readyz`)).status).toBe(503);

    await nats.start();
    // The client retries as told; ingest must come back without a restart.
    let status = 0;
    const deadline = Date.now() + RECOVERY_MS;
    while (status !== 202 && Date.now() < deadline) {
      status = (await send()).status;
      if (status !== 202) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(202);
    for (let i = 0; i < 5; i++) expect((await send()).status).toBe(202);
    expect((await fetch(`${s.ingest.url}/readyz`)).status).toBe(200);

    const stored = new Set((await s.stored()).map((m) => m.event.id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(22);
    for (const id of acknowledged) expect(stored).toContain(id);
  },
  TEST_TIMEOUT_MS,
);

it(
  'defines the stream and the placement bucket again when NATS comes back without its data',
  async () => {
    const first = await startNats();
    const port = first.port;
    const stack = await startStack({ nats: first, env: { PUBLISH_TIMEOUT_MS: '2000' }, reconnectTimeWait: 200 });
    try {
      expect((await stack.post(note('U-x'))).status).toBe(202);
      await first.destroy(); // stops it and deletes its data directory
      const fresh = await startNats({ port });
      try {
        let status = 0;
        const deadline = Date.now() + RECOVERY_MS;
        while (status !== 202 && Date.now() < deadline) {
          status = (await stack.post([unit('U-y', 'north'), note('U-y')])).status;
          if (status !== 202) await new Promise((r) => setTimeout(r, 200));
        }
        expect(status).toBe(202);
        const ids = (await stack.stored()).map((m) => m.event.type);
        expect(ids).toContain('caseload.note.submitted');
        // the placement bucket exists again too: a site-limited key can use the unit placed above
        expect((await stack.post(note('U-y'), { key: TEST_SITE_KEY })).status).toBe(202);
      } finally {
        await stack.close();
        await fresh.destroy();
      }
    } finally {
      await first.destroy();
    }
  },
  TEST_TIMEOUT_MS,
);
