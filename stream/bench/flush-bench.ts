/**
 * Flush bench: what the processor's periodic work costs on a county, without any transport. Builds
 * every partition's state from the simulator's county (notes read by the built-in reader), then
 * times, per owned unit, the pieces a flush runs: drift, the other analytics (clusters, overdue
 * queue, tripwires), the unit view and its serialised summary. Live, each touched unit is rebuilt
 * every `unitRebuildMs`, its analytics every `analyticsMs` and its drift every `driftMs`, so these
 * per-unit costs times the units touched per second is the processor's floor at any event rate.
 *
 *   npx tsx stream/bench/flush-bench.ts [--days 7] [--partitions 16] [--cache F] [--rounds 3]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadDictionary, routesOf, type CaseloadEvent, type StoredEvent } from '@caseload/shared';
import { Simulation } from '@caseload/shared/sim';
import { readNoteFindings } from '../src/notes/read-note-findings.ts';
import { PartitionState } from '../src/state/partition-state.ts';
import { computeDriftSignals, computeUnitAnalytics } from '../src/views/unit-analytics.ts';
import { buildUnitView } from '../src/views/unit-view.ts';
import { summariseUnit } from '../src/views/rollup.ts';

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '7' },
    partitions: { type: 'string', default: '16' },
    seed: { type: 'string', default: '7' },
    cache: { type: 'string' },
    rounds: { type: 'string', default: '3' },
  },
});
const P = Number(args.partitions);
const dict = loadDictionary();

function events(): CaseloadEvent[] {
  if (args.cache && existsSync(args.cache))
    return readFileSync(args.cache, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CaseloadEvent);
  const out: CaseloadEvent[] = [];
  const startMs = Date.now() - Number(args.days) * 86_400_000;
  for (const item of new Simulation({ scale: 'county', days: Number(args.days), seed: Number(args.seed), startMs }))
    out.push(item.event);
  if (args.cache) writeFileSync(args.cache, out.map((e) => JSON.stringify(e)).join('\n'));
  return out;
}

const cpuMs = (from: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
};

const all = events();
const states = Array.from({ length: P }, (_, k) => new PartitionState(k, P, dict));
let c0 = process.cpuUsage();
for (const e of all) {
  for (const r of routesOf(e, P)) {
    const k = Number(/\.p(\d+)\./.exec(r.subject)![1]);
    const s = states[k]!;
    const copy = structuredClone(e) as StoredEvent;
    copy.receivedAt = e.time;
    const text = 'text' in copy.data && typeof copy.data.text === 'string' ? copy.data.text : undefined;
    const owned = 'unitId' in copy.data && s.ownsUnit(copy.data.unitId);
    s.apply(copy, text && owned ? readNoteFindings(text, dict) : []);
  }
}
const applyMs = cpuMs(c0);
const nowMs = Math.max(...states.map((s) => s.meta.maxEventMs));
for (const s of states) s.advance(nowMs);

const rows: [string, number][] = [];
let units = 0;
const t = { index: 0, drift: 0, analytics: 0, view: 0, summary: 0 };
let signals = 0;
let signalBytes = 0;
let viewBytes = 0;
for (let round = 0; round < Number(args.rounds); round++) {
  for (const s of states) {
    c0 = process.cpuUsage();
    const index = s.unitIndex();
    t.index += cpuMs(c0);
    for (const unitId of [...index.workers.keys()].filter((u) => s.ownsUnit(u))) {
      if (round === 0) units++;
      c0 = process.cpuUsage();
      const drift = computeDriftSignals(s, unitId, nowMs);
      t.drift += cpuMs(c0);
      c0 = process.cpuUsage();
      const a = computeUnitAnalytics(s, unitId, nowMs, new Map(), drift);
      t.analytics += cpuMs(c0);
      c0 = process.cpuUsage();
      const view = buildUnitView(s, unitId, nowMs, a);
      t.view += cpuMs(c0);
      c0 = process.cpuUsage();
      JSON.stringify(summariseUnit(view, 0));
      const json = JSON.stringify(view);
      if (round === 0) {
        viewBytes += json.length;
        signals += view.signals.length;
        for (const sig of view.signals) signalBytes += JSON.stringify(sig).length;
      }
      t.summary += cpuMs(c0);
    }
  }
}
const R = Number(args.rounds);
rows.push(['events simulated', all.length]);
rows.push(['units', units]);
rows.push(['apply + read, CPU ms', Math.round(applyMs)]);
rows.push(['unit index rebuild, CPU ms per partition', +(t.index / R / P).toFixed(2)]);
rows.push(['drift, CPU ms per unit', +(t.drift / R / units).toFixed(2)]);
rows.push(['other analytics (clusters, overdue, tripwires), CPU ms per unit', +(t.analytics / R / units).toFixed(2)]);
rows.push(['unit view, CPU ms per unit', +(t.view / R / units).toFixed(2)]);
rows.push(['serialise view + summary, CPU ms per unit', +(t.summary / R / units).toFixed(2)]);
rows.push(['signals per unit', +(signals / units).toFixed(1)]);
rows.push(['signal records, KB per unit', +(signalBytes / units / 1024).toFixed(1)]);
rows.push(['unit view JSON, KB per unit', +(viewBytes / units / 1024).toFixed(1)]);
rows.push(['all units once, CPU ms', Math.round((t.index + t.drift + t.analytics + t.view + t.summary) / R)]);
rows.push(['load average', loadavg()[0]!]);
console.log('| figure | value |\n| --- | --- |');
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
