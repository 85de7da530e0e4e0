/**
 * `npx tsx stream/eval/drift-cost.ts [--units 20 --seed 1 --rounds 5 --module path/to/drift.ts]`: CPU
 * time of one unit's drift evaluation as the processor runs it every `driftMs` (every dimension over
 * the full look-back, overall and per track), on the evaluation's county at day 100. `--module` times
 * another copy of drift.ts (e.g. the previous commit's) on the same inputs.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { loadDictionary } from '@caseload/shared';
import { trackShapeFor } from '../src/analytics/measures.ts';
import type { DriftInput } from '../src/analytics/types.ts';
import { DRIFT_DIMENSIONS, generateCounty } from './county.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const dictionary = loadDictionary();
const modulePath = resolve(arg('module', new URL('../src/analytics/drift.ts', import.meta.url).pathname));
const { detectUnitDrift } = (await import(modulePath)) as typeof import('../src/analytics/drift.ts');
const county = generateCounty({
  units: Number(arg('units', '20')),
  weeks: 16,
  seed: Number(arg('seed', '1')),
  dictionary,
});
const today = county.startDay + 100;
const dims = dictionary.drift.dimensions.filter((d) => (DRIFT_DIMENSIONS as readonly string[]).includes(d.id));
const inputs: DriftInput[][] = county.units.map((unit) => {
  const tracks = new Set(unit.workers.flatMap((w) => w.cases.map((c) => c.track)));
  return dims.flatMap((d) =>
    [undefined, ...tracks].map((track): DriftInput => {
      const shape = trackShapeFor(d.measure, dictionary.tracks);
      return {
        unitId: unit.unitId,
        dimension: {
          id: d.id,
          label: d.label,
          measure: d.measure,
          alerting: d.alerting,
          ...(shape ? { trackShape: shape } : {}),
        },
        ...(track ? { track } : {}),
        workers: unit.workers.map((w) => ({
          workerId: w.workerId,
          displayName: w.displayName,
          absentDays: w.absentDays,
          cells: w.cells[d.id as (typeof DRIFT_DIMENSIONS)[number]].filter(
            (c) => c.day > today - dictionary.drift.cusumDays && c.day <= today,
          ),
          evidence: [],
        })),
        today,
        windowDays: dictionary.windows.longDays,
      };
    }),
  );
});
const rounds = Number(arg('rounds', '5'));
const perUnit: number[] = [];
for (let r = 0; r < rounds; r++) {
  const c0 = process.cpuUsage();
  for (const unitInputs of inputs) detectUnitDrift(unitInputs, dictionary);
  const c = process.cpuUsage(c0);
  perUnit.push((c.user + c.system) / 1000 / inputs.length);
}
perUnit.sort((a, b) => a - b);
console.log(
  `drift per unit (${inputs[0]!.length} inputs, ${(county.units.reduce((s, u) => s + u.workers.length, 0) / county.units.length).toFixed(1)} workers): median ${perUnit[perUnit.length >> 1]!.toFixed(2)} ms CPU, min ${perUnit[0]!.toFixed(2)} ms over ${rounds} rounds; load ${loadavg()[0]!.toFixed(1)}`,
);
