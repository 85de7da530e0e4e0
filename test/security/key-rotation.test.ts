import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createClient } from 'redis';
import { keyIdOf, NoteRecord, redisKeys } from '@caseload/shared';
import { startNats, startRedis, TEST_NOTE_KEY, TEST_OLD_NOTE_KEY, type OwnedServer } from '@caseload/shared/testing';
import {
  postAll,
  startIngestWith,
  startProcessorWith,
  startWallboardWith,
  waitFor,
  type Keys,
} from './support/pipeline.ts';

/**
 * NOTE_ENCRYPTION_KEY rotation as docs/SECURITY.md describes it: notes sealed under key A stay
 * readable through the wallboard after every service restarts with key B and A in
 * NOTE_ENCRYPTION_OLD_KEYS; new notes are sealed with B; without A in the old keys, A's notes are not.
 */
const A = TEST_OLD_NOTE_KEY;
const B = TEST_NOTE_KEY;
const silent = pino({ level: 'silent' });
let seq = 0;
const event = (type: string, data: Record<string, unknown>) => ({
  specversion: '1.0',
  id: `rot-${++seq}`,
  source: '/rotation',
  type,
  time: new Date(Date.now() - 3_600_000 + seq * 1000).toISOString(),
  data,
});
const note = (noteId: string, text: string) =>
  event('caseload.note.submitted', { noteId, caseId: 'C1', unitId: 'U-rot', workerId: 'W1', text });

describe('note key rotation', () => {
  let nats: OwnedServer;
  let redisServer: OwnedServer;
  let admin: ReturnType<typeof createClient>;
  beforeAll(async () => {
    [nats, redisServer] = await Promise.all([startNats(), startRedis()]);
    admin = createClient({ url: redisServer.url });
    admin.on('error', () => undefined);
    await admin.connect();
  }, 60_000);
  afterAll(async () => {
    await admin?.quit();
    await Promise.all([nats?.destroy(), redisServer?.destroy()]);
  }, 60_000);

  /** Ingest, processor and wallboard on `keys`; runs `fn`, then stops them. */
  async function withStack(
    keys: Keys,
    fn: (s: { ingestUrl: string; read(noteId: string): Promise<Response> }) => Promise<void>,
  ) {
    const ingest = await startIngestWith(nats.url, keys, silent);
    const processor = await startProcessorWith(nats.url, redisServer.url, keys, silent);
    const wallboard = await startWallboardWith(nats.url, redisServer.url, keys, silent);
    const lead = await wallboard.token('lead', ['U-rot']);
    try {
      await fn({
        ingestUrl: ingest.url,
        read: (noteId) =>
          fetch(`${wallboard.url}/api/notes/${noteId}`, { headers: { authorization: `Bearer ${lead}` } }),
      });
    } finally {
      await processor.stop();
      await wallboard.stop();
      await ingest.close();
    }
  }

  const stored = async (noteId: string) =>
    waitFor(`note ${noteId}`, async () => {
      const raw = await admin.get(redisKeys.note(noteId));
      return raw ? NoteRecord.parse(JSON.parse(raw)) : undefined;
    });
  const firstParagraph = async (res: Response) =>
    ((await res.json()) as { paragraphs: { text: string }[] }).paragraphs[0]!.text;

  it('reads notes of the old key after rotating to a new one, and only while the old key is kept', async () => {
    await withStack({ current: A }, async ({ ingestUrl, read }) => {
      await postAll(ingestUrl, [
        event('caseload.site.upserted', { siteId: 'S-rot', name: 'Rotation' }),
        event('caseload.unit.upserted', { unitId: 'U-rot', siteId: 'S-rot', name: 'Unit' }),
        event('caseload.worker.upserted', { workerId: 'W1', unitId: 'U-rot', name: 'Wren Hale', capacity: 20 }),
        event('caseload.case.opened', {
          caseId: 'C1',
          clientId: 'K1',
          unitId: 'U-rot',
          track: 'housing',
          complexityFactors: [],
          workerId: 'W1',
        }),
        note('N-before', 'Sealed under the first key.\n\nVisit went well.'),
      ]);
      expect((await stored('N-before')).sealedText.split(':')[2]).toBe(keyIdOf(Buffer.from(A, 'hex')));
      const res = await read('N-before');
      expect(res.status).toBe(200);
      expect(await firstParagraph(res)).toBe('Sealed under the first key.');
    });

    // The rotation: every service restarts with B current and A kept for reading.
    await withStack({ current: B, old: [A] }, async ({ ingestUrl, read }) => {
      await postAll(ingestUrl, [note('N-after', 'Sealed under the second key.\n\nVisit went well.')]);
      expect((await stored('N-after')).sealedText.split(':')[2]).toBe(keyIdOf(Buffer.from(B, 'hex')));
      const before = await read('N-before');
      expect(before.status).toBe(200);
      expect(await firstParagraph(before)).toBe('Sealed under the first key.');
      expect(await firstParagraph(await read('N-after'))).toBe('Sealed under the second key.');
    });

    // Dropping A too early: its notes become unreadable (503), the new ones are not affected.
    await withStack({ current: B }, async ({ read }) => {
      const old = await read('N-before');
      expect(old.status).toBe(503);
      expect(await old.json()).toEqual({ error: 'note_unreadable' });
      expect((await read('N-after')).status).toBe(200);
    });
  }, 90_000);
});
