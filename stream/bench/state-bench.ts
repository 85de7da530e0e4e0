/**
 * State bench: the processor's in-memory state for a county without any transport. Applies the
 * replay bench's cached events (`--cache` file written by `npm run bench:replay -- --cache F`) to
 * all partitions' states, then moves the clock on day by day so each worker's daily cells cover
 * the whole retention, and prints the CPU per message and the heap the state holds.
 *
 *   node --expose-gc --import tsx stream/bench/state-bench.ts --cache F [--days-after 84] [--partitions 16]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadDictionary, routesOf, type CaseloadEvent, type StoredEvent } from '@caseload/shared';
import { PartitionState } from '../src/state/partition-state.ts';
import { DAY_MS } from '../src/windows/day.ts';

const { values: args } = parseArgs({
  options: {
    cache: { type: 'string' },
    'days-after': { type: 'string', default: '84' },
    partitions: { type: 'string', default: '16' },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!args.cache || !gc) {
  console.error('usage: node --expose-gc --import tsx stream/bench/state-bench.ts --cache FILE');
  process.exit(2);
}
const P = Number(args.partitions);
const dict = loadDictionary();
const lines = readFileSync(args.cache, 'utf8').split('\n').filter(Boolean);
gc();
const held = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const heap0 = held();
const states = Array.from({ length: P }, (_, k) => new PartitionState(k, P, dict));
const cpu0 = process.cpuUsage();
let messages = 0;
for (const line of lines) {
  const e = JSON.parse(line) as CaseloadEvent;
  for (const r of routesOf(e, P)) {
    const k = Number(/\.p(\d+)\./.exec(r.subject)![1]);
    // Each partition parses its own copy, as the processor does.
    const copy = JSON.parse(line) as StoredEvent;
    copy.receivedAt = e.time;
    states[k]!.apply(copy, []);
    messages++;
  }
}
const applyCpu = process.cpuUsage(cpu0);
const clear = () => {
  for (const s of states) {
    s.dirty.clear();
    s.seriesDirty.clear();
    s.dirtyUnits.clear();
    s.dirtyWorkers.clear();
  }
};
const start = Math.max(...states.map((s) => s.meta.maxEventMs));
const cpu1 = process.cpuUsage();
for (let d = 0; d <= Number(args['days-after']); d++) {
  for (const s of states) s.advance(start + d * DAY_MS);
  clear();
}
const advanceCpu = process.cpuUsage(cpu1);
gc();
const heapMB = (held() - heap0) / 1048576;
let workers = 0;
let cases = 0;
let cells = 0;
for (const s of states) {
  workers += s.workers.size;
  cases += s.cases.size;
  cells += s.cells.size;
}
const us = (c: NodeJS.CpuUsage) => c.user + c.system;
console.log(`| figure | value |`);
console.log(`| --- | --- |`);
console.log(`| messages applied | ${messages} |`);
console.log(`| apply CPU per message | ${(us(applyCpu) / messages).toFixed(1)} µs |`);
console.log(`| advance CPU for ${args['days-after']} days | ${(us(advanceCpu) / 1e6).toFixed(2)} s |`);
console.log(
  `| workers (all partitions' rosters) / cases / worker-day-stratum cells | ${workers} / ${cases} / ${cells} |`,
);
console.log(`| memory held by the states (V8 heap + typed-array buffers) | ${heapMB.toFixed(0)} MB |`);
console.log(
  `| load average | ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} |`,
);
