/**
 * Hot-path bench: what the processor does per message, without NATS or Redis. Takes the replay
 * bench's cached county events (`npm run bench:replay -- --cache F` writes them), seals and routes
 * them as ingest does, and runs each partition's share through the worker's steps — pass-over of
 * other partitions' workers (from the raw bytes), decode, validate (as the worker does: the event type's own schema), read the note, apply — then
 * serialises what a checkpoint would. Prints CPU per message and per step (process.cpuUsage, so a
 * busy machine shows less than in wall time), and the apply cost per event type.
 *
 *   npx tsx stream/bench/handle-bench.ts --cache F [--partitions 16]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  loadDictionary,
  type CaseloadEvent,
  makeKeyring,
  noteTextOf,
  routesOf,
  sealEvent,
  typeSuffix,
  type StoredEvent,
} from '@caseload/shared';
import { TEST_NOTE_KEY } from '@caseload/shared/testing';
import { rawRosterFields } from '../src/consumers/raw-fields.ts';
import { validateEvent } from '../src/consumers/validate-event.ts';
import { readNoteFindings, type NoteFinding } from '../src/notes/read-note-findings.ts';
import { PartitionState } from '../src/state/partition-state.ts';

const { values: args } = parseArgs({
  options: { cache: { type: 'string' }, partitions: { type: 'string', default: '16' } },
});
if (!args.cache) {
  console.error('usage: npx tsx stream/bench/handle-bench.ts --cache FILE (written by bench:replay --cache FILE)');
  process.exit(2);
}
const P = Number(args.partitions);
const dict = loadDictionary();
const ring = makeKeyring(TEST_NOTE_KEY);
const WORKER_UPSERTED = `.${typeSuffix('caseload.worker.upserted')}`;

interface Message {
  partition: number;
  subject: string;
  type: string;
  data: Uint8Array;
}
const messages: Message[] = [];
const receivedAt = new Date().toISOString();
const encoder = new TextEncoder();
for (const line of readFileSync(args.cache, 'utf8').split('\n')) {
  if (!line) continue;
  const e = JSON.parse(line) as CaseloadEvent;
  const data = encoder.encode(JSON.stringify(sealEvent(e, ring, receivedAt)));
  for (const r of routesOf(e, P))
    messages.push({ partition: Number(/\.p(\d+)\./.exec(r.subject)![1]), subject: r.subject, type: e.type, data });
}

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const states = Array.from({ length: P }, (_, k) => new PartitionState(k, P, dict));
const decoder = new TextDecoder();
const steps = { passOver: 0, decode: 0, validate: 0, read: 0, apply: 0 };
const byType = new Map<string, { ms: number; n: number }>();
let passed = 0;
const start = cpuMs();
for (const m of messages) {
  const s = states[m.partition]!;
  let t = cpuMs();
  const next = (step: keyof typeof steps) => {
    const now = cpuMs();
    steps[step] += now - t;
    t = now;
  };
  if (m.subject.endsWith(WORKER_UPSERTED)) {
    const f = rawRosterFields(m.data);
    const over = f !== undefined && s.passOverWorker(f.unitId, f.workerId, Date.parse(f.time));
    next('passOver');
    if (over) {
      passed++;
      continue;
    }
  }
  const raw = JSON.parse(decoder.decode(m.data)) as StoredEvent;
  next('decode');
  const valid = validateEvent(raw);
  next('validate');
  if (!valid) continue;
  const event = valid as StoredEvent;
  event.receivedAt = raw.receivedAt;
  let findings: NoteFinding[] = [];
  if (
    (event.type === 'caseload.note.submitted' || event.type === 'caseload.note.amended') &&
    s.ownsUnit(event.data.unitId)
  ) {
    const text = noteTextOf(event, ring);
    if (text) findings = readNoteFindings(text, dict);
    next('read');
  }
  s.apply(event, findings);
  const ms = cpuMs() - t;
  steps.apply += ms;
  const x = byType.get(m.type) ?? { ms: 0, n: 0 };
  x.ms += ms;
  x.n++;
  byType.set(m.type, x);
}
const handleMs = cpuMs() - start;
const s0 = cpuMs();
let records = 0;
for (const s of states) {
  for (const key of s.dirty) if (s.serialise(key) !== undefined) records++;
  s.dirty.clear();
}
const serialiseMs = cpuMs() - s0;

const us = (ms: number, n: number) => ((1000 * ms) / n).toFixed(1);
console.log('| figure | value |');
console.log('| --- | --- |');
console.log(`| messages (roster copied to ${P} partitions) / passed over unread | ${messages.length} / ${passed} |`);
console.log(`| CPU per message, all steps (timers included) | ${us(handleMs, messages.length)} µs |`);
for (const [step, ms] of Object.entries(steps))
  console.log(`| ${step} | ${(ms / 1000).toFixed(2)} s, ${us(ms, messages.length)} µs per message |`);
console.log(`| serialise for the checkpoint | ${records} records, ${us(serialiseMs, records)} µs each |`);
for (const [type, x] of [...byType].sort((a, b) => b[1].ms - a[1].ms))
  console.log(`| apply ${type} | ${x.n} × ${us(x.ms, x.n)} µs |`);
console.log(
  `| load average | ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} |`,
);
