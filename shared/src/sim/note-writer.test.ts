import { describe, expect, it } from 'vitest';
import { clientProfile, writeNote, type NotePlan } from './note-writer.ts';
import { Rng } from './prng.ts';
import { simulateUnit } from './index.ts';
import { RISK_PHRASES } from './phrases-risk.ts';

describe('note text', () => {
  const run = simulateUnit({ seed: 8, startMs: Date.UTC(2026, 6, 6, 12), days: 21 });
  const notes = run.items.filter((i) => i.event.type === 'caseload.note.submitted');
  const text = (i: (typeof notes)[number]) => (i.event.data as { text: string }).text;

  it('reads like a case note: several blank-line separated paragraphs, about 1.5 KB for a visit', () => {
    const visits = notes.filter((n) => text(n).split('\n\n').length >= 4);
    expect(visits.length / notes.length).toBeGreaterThan(0.7);
    const lengths = visits.map((n) => text(n).length).sort((a, b) => a - b);
    const median = lengths[lengths.length >> 1]!;
    expect(median).toBeGreaterThan(1200);
    expect(median).toBeLessThan(2000);
    for (const n of notes) {
      const t = text(n);
      expect(t.length).toBeLessThanOrEqual(20_000);
      expect(t).not.toMatch(/\{\w+\}/); // every slot filled
      expect(t).not.toMatch(/\n{3,}|^\s|\s$/);
    }
  });

  it('varies its wording: few repeated notes and a wide vocabulary', () => {
    const texts = notes.map(text);
    expect(new Set(texts).size).toBe(texts.length);
    const words = new Set(
      texts
        .join(' ')
        .toLowerCase()
        .match(/[a-z']+/g),
    );
    expect(words.size).toBeGreaterThan(1200);
  });

  it('records every risk mention with its context, current ones as ground truth', () => {
    let nonCurrent = 0;
    for (const n of notes) {
      const current = n.note!.mentions.filter((m) => m.context === 'current').map((m) => m.code);
      expect(current.sort()).toEqual(n.note!.currentCodes.slice().sort());
      nonCurrent += n.note!.mentions.length - current.length;
    }
    expect(nonCurrent).toBeGreaterThan(notes.length / 3);
  });

  it('puts typos only in everyday sentences, never in a risk mention', () => {
    const plan: NotePlan = {
      kind: 'contact',
      track: 'housing',
      mode: 'home_visit',
      current: ['housing_instability'],
      distractors: [{ code: 'substance_use', context: 'historical' }],
    };
    for (let seed = 0; seed < 200; seed++) {
      const note = writeNote(plan, clientProfile(new Rng(seed)), new Rng(seed + 1));
      const paragraphs = note.text.split('\n\n');
      expect(paragraphs.length).toBeGreaterThanOrEqual(4);
      // The risk sentence appears verbatim from the bank once its slots are filled.
      const bank = RISK_PHRASES.housing_instability!.current.map(
        (t) => new RegExp(t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '.+?')),
      );
      expect(bank.some((r) => r.test(note.text))).toBe(true);
    }
  });
});
