import { appendFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { isSealed, NoteRecord, redisKeys, type CaseloadEvent } from '@caseload/shared';
import { simulateUnit } from '@caseload/shared/sim';
import { startNats, startRedis, TEST_NOTE_KEY, type OwnedServer } from '@caseload/shared/testing';
import {
  fileLogger,
  postAll,
  startIngestWith,
  startProcessorWith,
  startWallboardWith,
  waitFor,
} from './support/pipeline.ts';
import { filesUnder, search } from './support/search-files.ts';

/**
 * Note text at rest: a small simulated unit, some of whose notes carry invented sentences, runs the
 * whole pipeline. The sentences must come back through the wallboard's (audited) note view, and be
 * found nowhere else: not in the JetStream store, not in Redis's dump or append-only file, not in
 * any service's or server's log.
 */
const SENTENCES = [
  'Zorblax quintet hummed beneath the vermilion lighthouse 4417.',
  'Plimsoll wakerobin traded marmalade for seventeen kites 9082.',
  'Quillback mendicant sketched the tangerine aqueduct twice 3356.',
  'Fennimore glockenspiel rusted near the cobalt orchard 7720.',
  'Brindlewick oysters argued about the saffron railway 6149.',
];
/** Words that occur nowhere else, each searched for on its own too. */
const WORDS = ['Zorblax', 'wakerobin', 'Quillback', 'Fennimore', 'Brindlewick'];

describe('confidential note text at rest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caseload-at-rest-'));
  const logs = {
    ingest: join(dir, 'ingest.log'),
    processor: join(dir, 'processor.log'),
    wallboard: join(dir, 'wallboard.log'),
    nats: join(dir, 'nats-server.log'),
    redis: join(dir, 'redis-server.log'),
  };
  let nats: OwnedServer | undefined;
  let redis: OwnedServer | undefined;
  afterAll(async () => {
    await nats?.destroy();
    await redis?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('appears only in the decrypted note view: 0 hits in the NATS and Redis data and in every log', async () => {
    nats = await startNats({ log: (l) => appendFileSync(logs.nats, l) });
    redis = await startRedis({ persist: true, log: (l) => appendFileSync(logs.redis, l) });
    const admin = createClient({ url: redis.url });
    admin.on('error', () => undefined);
    await admin.connect();
    // Without compression the dump holds strings as they are, so a byte search can see them.
    await admin.configSet({ rdbcompression: 'no', appendfsync: 'always' });

    const { events } = simulateUnit({ seed: 7, days: 7, startMs: Date.now() - 8 * 86_400_000 });
    const notes = events.filter((e) => e.type === 'caseload.note.submitted').slice(0, SENTENCES.length);
    const marked = notes.map((e, i) => {
      const data = (e as Extract<CaseloadEvent, { type: 'caseload.note.submitted' }>).data;
      data.text = `${SENTENCES[i]}\n\n${data.text}`;
      return { noteId: data.noteId, unitId: data.unitId, sentence: SENTENCES[i]! };
    });
    const workerName = events.find((e) => e.type === 'caseload.worker.upserted')!.data as { name: string };

    const keys = { current: TEST_NOTE_KEY };
    const ingest = await startIngestWith(nats.url, keys, fileLogger(logs.ingest));
    const processor = await startProcessorWith(nats.url, redis.url, keys, fileLogger(logs.processor));
    const wallboard = await startWallboardWith(nats.url, redis.url, keys, fileLogger(logs.wallboard));
    try {
      await postAll(ingest.url, events);
      for (const m of marked) await waitFor(`note ${m.noteId} in Redis`, () => admin.get(redisKeys.note(m.noteId)));

      // The one place the text may appear: the wallboard's answer to an authorised reader.
      for (const m of marked) {
        const record = NoteRecord.parse(JSON.parse((await admin.get(redisKeys.note(m.noteId)))!));
        expect(isSealed(record.sealedText)).toBe(true);
        const lead = await wallboard.token('lead', [m.unitId]);
        const res = await fetch(`${wallboard.url}/api/notes/${m.noteId}`, {
          headers: { authorization: `Bearer ${lead}` },
        });
        expect(res.status).toBe(200);
        const view = (await res.json()) as { paragraphs: { text: string }[] };
        expect(view.paragraphs[0]!.text).toBe(m.sentence);
      }
      await waitFor('views written', async () => (await admin.keys('*view*')).length > 0);
    } finally {
      await processor.stop();
      await wallboard.stop();
      await ingest.close();
    }
    await admin.sendCommand(['SAVE']);
    await admin.quit();
    await redis.stop();
    await nats.stop();

    const natsFiles = filesUnder(nats.dataDir);
    const redisFiles = filesUnder(redis.dataDir);
    const logFiles = Object.values(logs).filter((f) => existsSync(f));
    expect(redisFiles.some((f) => f.endsWith('dump.rdb'))).toBe(true);
    expect(redisFiles.some((f) => f.includes('appendonly'))).toBe(true);
    expect(natsFiles.some((f) => f.endsWith('.blk'))).toBe(true);
    expect(statSync(logs.ingest).size).toBeGreaterThan(0);

    const needles = [...SENTENCES, ...WORDS];
    const stores = search([...natsFiles, ...redisFiles], needles);
    const inLogs = search(logFiles, needles);
    // The search does see clear text where clear text is expected: workers' names are not secret.
    const controlNats = search(natsFiles, [workerName.name]);
    const controlRedis = search(redisFiles, [workerName.name]);
    const controlLogs = search(logFiles, ['events accepted']); // ingest logs each accepted request

    console.log(
      `at rest: searched ${natsFiles.length} NATS files, ${redisFiles.length} Redis files ` +
        `(${Math.round(stores.bytes / 1024)} KB) and ${logFiles.length} logs (${Math.round(inLogs.bytes / 1024)} KB) ` +
        `for ${needles.length} strings of ${marked.length} notes: ${stores.hits.length + inLogs.hits.length} hits; ` +
        `control (a worker's name): ${controlNats.hits.length} NATS and ${controlRedis.hits.length} Redis files, ` +
        `('events accepted'): ${controlLogs.hits.length} logs`,
    );
    expect(controlNats.hits.length).toBeGreaterThan(0);
    expect(controlRedis.hits.length).toBeGreaterThan(0);
    expect(controlLogs.hits.length).toBeGreaterThan(0);
    expect(stores.hits).toEqual([]);
    expect(inLogs.hits).toEqual([]);
  }, 90_000);
});
