/**
 * `npm run eval:detection [-- --units 50 --weeks 16 --seed 1 --json]`: detection quality of the drift
 * and cluster analytics on a simulated county slice, side by side with the naive ±15% rule and an
 * oracle CUSUM at the same false-alarm rate. With --json the last line is the result object.
 */
import { loadDictionary } from '@caseload/shared';
import { formatTable } from './table.ts';
import { runDetectionEval } from './run.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

const opts = { units: arg('units', 50), weeks: arg('weeks', 16), seed: arg('seed', 1), dictionary: loadDictionary() };
const result = runDetectionEval(opts);
console.log(formatTable(result));
if (process.argv.includes('--json')) {
  const { detail: _detail, ...summary } = result;
  console.log(JSON.stringify(summary));
}
