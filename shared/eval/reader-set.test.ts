import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultDictionary } from '../src/index.ts';
import type { NoteFinding } from '../src/reader/finding.ts';
import { loadSet, MORE_TUNING_PATH } from './reader-eval.ts';
import { score, type EvalItem } from './score.ts';

describe('the labeled reader set', () => {
  const items = loadSet();
  const codes = [...defaultDictionary.riskCodes, ...defaultDictionary.themes].map((c) => c.id);

  it('has at least 400 items over the four tracks, with unique ids and known codes', () => {
    expect(items.length).toBeGreaterThanOrEqual(400);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(new Set(items.map((i) => i.domain))).toEqual(
      new Set(['child_welfare', 'housing', 'behavioral_health', 'workforce']),
    );
    for (const i of items)
      for (const c of [...i.current, ...i.nonCurrent.map((m) => m.code)]) expect(codes).toContain(c);
  });

  it('covers every code as current and at least a third of items hold non-current mentions', () => {
    const current = new Set(items.flatMap((i) => i.current));
    for (const c of codes) expect(current.has(c), c).toBe(true);
    expect(items.filter((i) => i.nonCurrent.length).length / items.length).toBeGreaterThanOrEqual(1 / 3);
  });

  it('is split deterministically: every third item is frozen', () => {
    items.forEach((item, i) => expect(item.split).toBe(i % 3 === 2 ? 'frozen' : 'tune'));
  });

  it('is byte-identical to the set as first saved, before any tuning (so the frozen third never moved)', () => {
    const bytes = readFileSync(fileURLToPath(new URL('./reader-set.jsonl', import.meta.url)));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      '1d19cf279fffeb67a368c526a84102c4df7c35192d64fce1c9a4490adc8a84ea',
    );
  });

  it('adds later examples to the tuning part only, with new ids and known codes', () => {
    const more = loadSet(MORE_TUNING_PATH);
    expect(more.length).toBeGreaterThanOrEqual(100);
    const ids = new Set(items.map((i) => i.id));
    for (const i of more) {
      expect(i.split).toBe('tune');
      expect(ids.has(i.id), i.id).toBe(false);
      ids.add(i.id);
      for (const c of [...i.current, ...i.nonCurrent.map((m) => m.code)]) expect(codes).toContain(c);
    }
  });
});

describe('score', () => {
  const finding = (code: string, current: boolean) => ({ code, current }) as NoteFinding;
  const item = (text: string, current: string[], nonCurrent: string[] = []): EvalItem => ({
    id: text,
    split: 'tune',
    domain: 'housing',
    text,
    current,
    nonCurrent: nonCurrent.map((code) => ({
      code,
      negated: true,
      hypothetical: false,
      historical: false,
      experiencer: 'client',
    })),
  });

  it('counts flagged codes per item against labels, micro-averaged, and non-current flagged', () => {
    const reads: Record<string, NoteFinding[]> = {
      a: [finding('legal', true), finding('medical', true), finding('medical', false)],
      b: [finding('legal', false)],
      c: [finding('medical', true)],
    };
    const s = score(
      [item('a', ['legal']), item('b', ['legal'], ['medical']), item('c', [], ['medical'])],
      (t) => reads[t]!,
      ['legal', 'medical'],
    );
    expect(s.perCode.legal).toMatchObject({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
    expect(s.perCode.medical).toMatchObject({ tp: 0, fp: 2, fn: 0, precision: 0 });
    expect(s.micro).toMatchObject({ tp: 1, fp: 2, fn: 1 });
    expect(s.micro.f1).toBeCloseTo(0.4, 5);
    expect(s.nonCurrent).toEqual({ total: 2, flagged: 1, rate: 0.5 });
  });
});
