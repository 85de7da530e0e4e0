/**
 * `npx tsx stream/eval/cluster-diagnose.ts [--units 50 --weeks 16 --seed 1]`: why clusters are missed
 * or raised falsely. For each injected cluster: its scope, code, the code's base rate in the cases'
 * track, and the smallest tail probability any matching finding reached against α; then every false
 * cluster with its scope, cases, expected count and window.
 */
import { loadDictionary } from '@caseload/shared';
import { clusterAlpha } from '../src/analytics/clusters.ts';
import type { ClusterFinding } from '../src/analytics/types.ts';
import { matches, runClusterEval } from './cluster-eval.ts';
import { generateCounty } from './county.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

const dictionary = loadDictionary();
const county = generateCounty({ units: arg('units', 50), weeks: arg('weeks', 16), seed: arg('seed', 1), dictionary });
const findings: { unitId: string; f: ClusterFinding }[] = [];
const r = runClusterEval(county, dictionary, (unitId, f) => findings.push({ unitId, f }));
const maxH = dictionary.clusters.maxWindowHours;
for (const c of county.clusters) {
  const unit = county.units.find((u) => u.unitId === c.unitId)!;
  const alpha = clusterAlpha(dictionary.clusters, unit.workers.length, county.codes.length);
  const mine = findings.filter((x) =>
    matches(
      c,
      { unitId: x.unitId, code: x.f.code, t: x.f.sinceMs + 1, ...(x.f.workerId ? { workerId: x.f.workerId } : {}) },
      maxH,
    ),
  );
  const best = mine.reduce<ClusterFinding | null>((b, x) => (!b || x.f.pValue < b.pValue ? x.f : b), null);
  const hit = r.episodes.some((e) => matches(c, e, maxH));
  console.log(
    `${hit ? 'found ' : 'MISSED'} ${c.unitId} ${c.workerId ? 'caseload' : 'unit    '} ${c.code.padEnd(22)} ` +
      `best p ${best ? best.pValue.toExponential(1) : '—'} (${best?.workerId ? 'caseload' : 'unit'}, ${best?.cases ?? 0} cases, exp ${best?.expected.toFixed(2) ?? '—'}, ${best?.windowHours ?? 0} h) α ${alpha.toExponential(1)}`,
  );
}
const falseOnes = r.episodes.filter((e) => !county.clusters.some((c) => matches(c, e, maxH)));
console.log(`\n${falseOnes.length} false clusters:`);
for (const e of falseOnes) {
  const f = findings.find(
    (x) => x.unitId === e.unitId && x.f.code === e.code && x.f.workerId === e.workerId && x.f.severity === 'alert',
  );
  console.log(
    `  ${e.unitId} ${e.workerId ?? 'unit'} ${e.code} at day ${(e.t / 86_400_000 - county.startDay).toFixed(1)}: ` +
      (f
        ? `${f.f.cases} cases, exp ${f.f.expected.toFixed(3)}, ${f.f.windowHours} h, p ${f.f.pValue.toExponential(1)}`
        : ''),
  );
}
