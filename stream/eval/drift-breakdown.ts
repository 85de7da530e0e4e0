/**
 * `npx tsx stream/eval/drift-breakdown.ts [--seeds 1,2,3 --units 50 --weeks 16]`: the drift goals on
 * several seeds (clusters skipped), with our false alerts broken down by dimension × direction × test
 * and the test that found each drift first — where the false-alert budget goes and what it buys.
 */
import { loadDictionary } from '@caseload/shared';
import { affects, prepareOracle, runOracle } from './detectors.ts';
import { scoreDrift } from './score.ts';
import { generateCounty } from './county.ts';
import { runDetectionEval } from './run.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const dictionary = loadDictionary();
// `--set cusumThreshold=2.5,falseAlertsPerUnitWeek=0.4`: try other drift settings (sweeps, not defaults).
for (const kv of arg('set', '').split(',').filter(Boolean)) {
  const [k, v] = kv.split('=') as [keyof typeof dictionary.drift, string];
  (dictionary.drift as unknown as Record<string, number>)[k] = Number(v);
}
const units = Number(arg('units', '50'));
const weeks = Number(arg('weeks', '16'));
const f = (x: number | null, d = 3) => (x === null ? '—' : x.toFixed(d));
for (const seed of arg('seeds', '1').split(',').map(Number)) {
  const opts = { units, weeks, seed, dictionary, skipClusters: true };
  const county = generateCounty(opts);
  const oracleFound = ceiling(county);
  if (!process.argv.includes('--ceiling-only')) report(seed, runDetectionEval(opts), county, oracleFound);
}

function report(
  seed: number,
  r: ReturnType<typeof runDetectionEval>,
  county: ReturnType<typeof generateCounty>,
  oracleFound: Set<string>,
) {
  const drifts = new Map(county.drifts.map((d) => [d.workerId, d]));
  const falseBy = new Map<string, number>();
  const firstHit = new Map<string, { day: number; test: string }>();
  for (const e of r.detail.oursEpisodes) {
    const d = drifts.get(e.workerId);
    if (d && e.day >= d.onset && affects(d.kind, e.dimension, e.direction)) {
      const prev = firstHit.get(e.workerId);
      if (!prev || e.day < prev.day) firstHit.set(e.workerId, { day: e.day, test: `${e.dimension}/${e.test}` });
    } else {
      const k = `${e.dimension} ${e.direction} ${e.test}`;
      falseBy.set(k, (falseBy.get(k) ?? 0) + 1);
    }
  }
  const o = r.drift.ours;
  console.log(
    `seed ${seed}: false/unit-wk ${f(o.falseAlarmsPerUnitWeek)} (steady ${f(r.detail.ours.falseAlarmsPerUnitWeekSteady)}), naive/ours ${f(r.detail.naive.falseAlarms / Math.max(1, r.detail.ours.falseAlarms), 1)}×, recall50 ${f(o.recall50, 2)}, contact30 ${f(o.recallContact30, 2)}, recall18 ${f(o.recall18, 2)}, delayRatio18 ${f(o.delayRatio18, 2)}; oracle recall50 ${r.detail.oracle.byKind.risk50.detected}/${r.detail.oracle.byKind.risk50.drifts}, contact30 ${r.detail.oracle.byKind.contact30.detected}/${r.detail.oracle.byKind.contact30.drifts}, risk18 ${r.detail.oracle.byKind.risk18.detected}/${r.detail.oracle.byKind.risk18.drifts} (ARL0 ${r.drift.oracle.arl0Days} d); ours ${Object.entries(
      r.detail.seconds,
    )
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(', ')}`,
  );
  console.log(`  false alerts: ${countsLine(falseBy)}`);
  const hitsBy = new Map<string, number>();
  for (const h of firstHit.values()) hitsBy.set(h.test, (hitsBy.get(h.test) ?? 0) + 1);
  console.log(`  found first by: ${countsLine(hitsBy)}`);
  const missed = county.drifts.filter((d) => d.kind !== 'risk18' && !firstHit.has(d.workerId));
  console.log('  missed +50% / −30% drifts:');
  for (const d of missed) {
    const w = county.units.find((u) => u.unitId === d.unitId)!.workers.find((x) => x.workerId === d.workerId)!;
    const dim = d.kind === 'contact30' ? 'contacts_per_case_week' : 'risk_rate';
    // Events expected after onset at the in-control rate (the information there is).
    let expected = 0;
    for (const c of w.cells[dim])
      if (c.day >= county.startDay + d.onset) expected += c.exposure * county.trueRate(dim, c.stratum);
    const tracks = new Map<string, number>();
    for (const c of w.cases) tracks.set(c.track, (tracks.get(c.track) ?? 0) + 1);
    const track = [...tracks].sort((a, b) => b[1] - a[1])[0]![0];
    const early = r.detail.oursEpisodes.some(
      (e) => e.workerId === d.workerId && e.day < d.onset && affects(d.kind, e.dimension, e.direction),
    );
    const why = [
      oracleFound.has(d.workerId) ? '' : 'the oracle misses it too',
      early ? 'our alert opened by chance before onset and stayed open (one false episode, no new one)' : '',
    ]
      .filter(Boolean)
      .join('; ');
    console.log(
      `    ${d.kind} ${d.unitId} ${track}, onset day ${d.onset} (${county.days - d.onset} d left), ${expected.toFixed(0)} events expected after onset${why ? ': ' + why : ''}`,
    );
  }
}

/** Prints the oracle's recall at the whole budget; returns the drifts it finds on the side of concern. */
function ceiling(county: ReturnType<typeof generateCounty>): Set<string> {
  let found = new Set<string>();
  // The ceiling: the oracle allowed the goal's whole false-alert budget (0.1 per unit-week), with both
  // directions of every dimension (as in the eval) and with only the direction each drift moves.
  const budget = Number(arg('budget', '0.1')) * county.units.length * (county.days / 7);
  const charts = prepareOracle(county, dictionary.drift.targetShift);
  const oneSided = charts.filter((c) =>
    c.dimension === 'contacts_per_case_week' ? c.direction === 'down' : c.direction === 'up',
  );
  const drifting = oneSided.filter((c) => c.dimension === 'risk_rate' || c.dimension === 'contacts_per_case_week');
  for (const [name, set] of [
    ['both sides', charts],
    ['side of concern', oneSided],
    ['only the drifting dimensions, one side', drifting],
  ] as const) {
    let lo = Math.log(10);
    let hi = Math.log(1e10);
    const fa = (a: number) => scoreDrift(county, runOracle(set, a));
    for (let i = 0; i < 30; i++) {
      const mid = (lo + hi) / 2;
      if (fa(Math.exp(mid)).falseAlarms > budget) lo = mid;
      else hi = mid;
    }
    const x = fa(Math.exp(hi));
    if (name === 'side of concern') {
      found = new Set(
        runOracle(set, Math.exp(hi))
          .filter((e) =>
            county.drifts.some(
              (d) => d.workerId === e.workerId && e.day >= d.onset && affects(d.kind, e.dimension, e.direction),
            ),
          )
          .map((e) => e.workerId),
      );
    }
    console.log(
      `  oracle at ${f(x.falseAlarmsPerUnitWeek)} false/unit-wk (${name}): risk50 ${x.byKind.risk50.detected}/${x.byKind.risk50.drifts}, contact30 ${x.byKind.contact30.detected}/${x.byKind.contact30.drifts}, risk18 ${x.byKind.risk18.detected}/${x.byKind.risk18.drifts}`,
    );
  }
  return found;
}

/** "a 5, b 2": counts, largest first. */
function countsLine(counts: Map<string, number>): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}
