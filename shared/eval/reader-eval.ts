/**
 * Evaluates the built-in reader on the labeled set (reader-set.jsonl): per-code precision, recall
 * and F1, micro-F1, and the share of non-current mentions flagged as current, for the tuning part
 * and the frozen part separately. The lexicon is tuned on the tuning part only; the frozen part
 * measures it. `--json` prints, as its last line:
 *   { microF1 (tuning part), frozenMicroF1, nonCurrentFlaggedRate (frozen part), perCode (frozen part), ... }
 * `--errors` lists the tuning part's misses (never the frozen part's). `--tune-only` does not read
 * the frozen part at all, so tuning work cannot glimpse it (each look at it is disclosed in README.md).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultDictionary, readNote } from '../src/index.ts';
import { score, type EvalItem, type SplitScore } from './score.ts';

const SET_PATH = fileURLToPath(new URL('./reader-set.jsonl', import.meta.url));
/**
 * Tuning examples written later (ConText categories, case-note language), all `tune`. They live in
 * their own file so reader-set.jsonl, and with it the frozen third, stays byte-identical.
 */
export const MORE_TUNING_PATH = fileURLToPath(new URL('./reader-set-more-tuning.jsonl', import.meta.url));

/** Every labeled item: the original set, then the later tuning examples. */
export function loadAll(): EvalItem[] {
  return [...loadSet(), ...loadSet(MORE_TUNING_PATH)];
}

export function loadSet(path = SET_PATH): EvalItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalItem);
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(6);

function table(name: string, s: SplitScore): string {
  const rows = Object.entries(s.perCode).map(
    ([code, k]) =>
      `  ${code.padEnd(22)} ${pct(k.precision)} ${pct(k.recall)} ${pct(k.f1)}   tp ${String(k.tp).padStart(3)} fp ${String(k.fp).padStart(3)} fn ${String(k.fn).padStart(3)}`,
  );
  return [
    `${name}: ${s.items} items`,
    `  ${'code'.padEnd(22)} ${'P%'.padStart(6)} ${'R%'.padStart(6)} ${'F1%'.padStart(6)}`,
    ...rows,
    `  micro-F1 ${pct(s.micro.f1)}%  (P ${pct(s.micro.precision)}%, R ${pct(s.micro.recall)}%)`,
    `  non-current mentions flagged as current: ${s.nonCurrent.flagged}/${s.nonCurrent.total} = ${pct(s.nonCurrent.rate)}%`,
  ].join('\n');
}

function main() {
  const args = new Set(process.argv.slice(2));
  const items = loadAll();
  const codes = [...defaultDictionary.riskCodes, ...defaultDictionary.themes].map((c) => c.id);
  const read = (t: string) => readNote(t, defaultDictionary);
  const tune = score(
    items.filter((i) => i.split === 'tune'),
    read,
    codes,
  );
  const tuneOnly = args.has('--tune-only');
  const frozen = score(
    items.filter((i) => i.split === 'frozen' && !tuneOnly),
    read,
    codes,
  );
  console.log(`dictionary ${defaultDictionary.version}`);
  console.log(table('tuning part', tune));
  const original = score(
    loadSet().filter((i) => i.split === 'tune'),
    read,
    codes,
  );
  console.log(
    `  (the original tuning items alone: micro-F1 ${pct(original.micro.f1)}%, non-current flagged ${original.nonCurrent.flagged}/${original.nonCurrent.total})`,
  );
  if (!tuneOnly) console.log(table('frozen part', frozen));
  if (args.has('--errors')) {
    for (const e of tune.errors) {
      const item = items.find((i) => i.id === e.id)!;
      console.log(`${e.id} missed [${e.missed}] extra [${e.extra}]  ${item.text}`);
    }
  }
  if (args.has('--json') && !tuneOnly) {
    const round = (x: number) => Math.round(x * 10000) / 10000;
    const perCode = (s: SplitScore) =>
      Object.fromEntries(
        Object.entries(s.perCode).map(([c, k]) => [
          c,
          { precision: round(k.precision), recall: round(k.recall), f1: round(k.f1) },
        ]),
      );
    console.log(
      JSON.stringify({
        microF1: round(tune.micro.f1),
        frozenMicroF1: round(frozen.micro.f1),
        nonCurrentFlaggedRate: round(frozen.nonCurrent.rate),
        perCode: perCode(frozen),
        tuneNonCurrentFlaggedRate: round(tune.nonCurrent.rate),
        tunePerCode: perCode(tune),
        dictionaryVersion: defaultDictionary.version,
        items: { tune: tune.items, frozen: frozen.items },
      }),
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
