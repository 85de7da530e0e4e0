import { afterAll, beforeAll, expect, it } from 'vitest';
import { note, startStack, type Stack } from './helpers.ts';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

it('close() lets a request already received finish (202, events stored), then refuses new ones', async () => {
  const batch = Array.from({ length: 300 }, () => note('U-shut'));
  let closing: Promise<void> | undefined;
  s.ingest.server.once('request', () => {
    closing = s.ingest.close();
  });
  const r = await s.post(batch);
  expect(closing).toBeDefined();
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({ accepted: 300 });
  await closing;
  const stored = new Set((await s.stored()).map((m) => m.event.id));
  for (const e of batch) expect(stored).toContain(e.id);
  await expect(s.post(note('U-shut'))).rejects.toThrow();
});
