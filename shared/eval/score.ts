import type { NoteFinding } from '../src/reader/finding.ts';

/** One labeled item of reader-set.jsonl. */
export interface EvalItem {
  id: string;
  split: 'tune' | 'frozen';
  domain: string;
  text: string;
  /** Codes a supervisor should see flagged for this text. */
  current: string[];
  /** Mentions that are there but must not be flagged, with their context. */
  nonCurrent: { code: string; negated: boolean; hypothetical: boolean; historical: boolean; experiencer: string }[];
}

export interface CodeScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface SplitScore {
  items: number;
  micro: CodeScore;
  perCode: Record<string, CodeScore>;
  /** Expected non-current mentions (of codes not also current in the item) flagged as current. */
  nonCurrent: { total: number; flagged: number; rate: number };
  /** Ids of items with any error, for the tuning part only. */
  errors: { id: string; missed: string[]; extra: string[] }[];
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

export function finish(s: { tp: number; fp: number; fn: number }): CodeScore {
  const precision = ratio(s.tp, s.tp + s.fp);
  const recall = ratio(s.tp, s.tp + s.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...s, precision, recall, f1 };
}

/** Scores the flagged (current) codes of each item against its labels, micro-averaged over codes. */
export function score(items: EvalItem[], read: (text: string) => NoteFinding[], codes: string[]): SplitScore {
  const counts = new Map(codes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  let ncTotal = 0;
  let ncFlagged = 0;
  const errors: SplitScore['errors'] = [];
  for (const item of items) {
    const flagged = new Set(
      read(item.text)
        .filter((f) => f.current)
        .map((f) => f.code),
    );
    const expected = new Set(item.current);
    for (const c of codes) {
      const k = counts.get(c)!;
      if (flagged.has(c) && expected.has(c)) k.tp++;
      else if (flagged.has(c)) k.fp++;
      else if (expected.has(c)) k.fn++;
    }
    for (const code of new Set(item.nonCurrent.map((m) => m.code))) {
      if (expected.has(code)) continue;
      ncTotal++;
      if (flagged.has(code)) ncFlagged++;
    }
    const missed = [...expected].filter((c) => !flagged.has(c));
    const extra = [...flagged].filter((c) => !expected.has(c));
    if (missed.length || extra.length) errors.push({ id: item.id, missed, extra });
  }
  const all = { tp: 0, fp: 0, fn: 0 };
  for (const k of counts.values()) {
    all.tp += k.tp;
    all.fp += k.fp;
    all.fn += k.fn;
  }
  return {
    items: items.length,
    micro: finish(all),
    perCode: Object.fromEntries([...counts].map(([c, k]) => [c, finish(k)])),
    nonCurrent: { total: ncTotal, flagged: ncFlagged, rate: ncTotal ? ncFlagged / ncTotal : 0 },
    errors,
  };
}
