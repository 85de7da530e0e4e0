import { describe, expect, it } from 'vitest';
import { loadDictionary } from '../dictionary/index.ts';
import {
  CASE_REVIEW,
  MISSED_CONTACT,
  MISSED_FOLLOWUP,
  OPENINGS,
  PLANS,
  SLOT_LISTS,
  TOPICS,
  TRACK_TOPICS,
} from './phrases.ts';
import { NON_CURRENT, RISK_PHRASES } from './phrases-risk.ts';

const dict = loadDictionary();

/**
 * Which risk codes' dictionary terms occur in a text: words on word boundaries, `word*` any suffix,
 * a lone `*` any one word; `caseSensitiveTerms` matched case-sensitively (the dictionary's rules).
 * A match inside a longer match of another code's term ("violence" in "domestic violence") yields
 * to the longer one, as a reader resolves overlaps.
 */
function codesIn(text: string): Set<string> {
  const spans: { code: string; start: number; end: number }[] = [];
  for (const code of dict.riskCodes) {
    const add = (t: string, flags: string) => {
      for (const m of text.matchAll(termRegex(t, `${flags}g`)))
        spans.push({ code: code.id, start: m.index, end: m.index + m[0].length });
    };
    for (const t of code.terms) add(t, 'i');
    for (const t of code.caseSensitiveTerms) add(t, '');
  }
  const kept = spans.filter(
    (s) =>
      !spans.some(
        (o) => o.code !== s.code && o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start,
      ),
  );
  return new Set(kept.map((s) => s.code));
}

const regexCache = new Map<string, RegExp>();
function termRegex(term: string, flags: string): RegExp {
  const key = `${flags}|${term}`;
  let r = regexCache.get(key);
  if (!r) {
    const words = term
      .split(/\s+/)
      .map((w) => (w === '*' ? "[\\w'-]+" : w.endsWith('*') ? `${escape(w.slice(0, -1))}[\\w'-]*` : escape(w)));
    r = new RegExp(`(?<![A-Za-z0-9])${words.join('\\s+')}(?![A-Za-z0-9])`, flags);
    regexCache.set(key, r);
  }
  return r;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Both genders' pronouns, so gendered terms ("kill herself") are checked either way. */
function variants(template: string): string[] {
  const she = { P: 'She', p: 'she', pos: 'her', Pos: 'Her', obj: 'her', self: 'herself', cpos: 'her' };
  const he = { P: 'He', p: 'he', pos: 'his', Pos: 'His', obj: 'him', self: 'himself', cpos: 'his' };
  return [she, he].map((g) =>
    template.replace(/\{(\w+)\}/g, (_m, s: string) => (g as Record<string, string>)[s] ?? 'X'),
  );
}

const neutral: string[] = [
  ...Object.values(OPENINGS).flat(),
  ...Object.values(MISSED_CONTACT).flat(),
  ...MISSED_FOLLOWUP,
  ...Object.values(TOPICS).flat(),
  ...PLANS,
  ...CASE_REVIEW,
  ...Object.values(SLOT_LISTS).flat(),
];

describe('phrase bank', () => {
  it('is large: hundreds of everyday sentences and a risk bank for every code of the dictionary', () => {
    expect(neutral.length).toBeGreaterThan(250);
    for (const code of dict.riskCodes) {
      const bank = RISK_PHRASES[code.id];
      expect(bank, code.id).toBeDefined();
      expect(bank!.current.length, code.id).toBeGreaterThanOrEqual(4);
      for (const ctx of NON_CURRENT) expect(bank![ctx].length, `${code.id} ${ctx}`).toBeGreaterThanOrEqual(2);
    }
    for (const topics of Object.values(TRACK_TOPICS)) for (const t of topics) expect(TOPICS[t], t).toBeDefined();
    for (const track of dict.tracks) expect(TRACK_TOPICS[track.id], track.id).toBeDefined();
  });

  it('has no risk term in any everyday sentence, so the only risk mentions are the inserted ones', () => {
    const offenders = neutral.flatMap((s) =>
      variants(s)
        .filter((v) => codesIn(v).size > 0)
        .map((v) => `${v} → ${[...codesIn(v)]}`),
    );
    expect(offenders).toEqual([]);
  });

  it('uses a dictionary term of its own code, and of no other, in every risk sentence', () => {
    const problems: string[] = [];
    for (const [code, bank] of Object.entries(RISK_PHRASES)) {
      for (const [ctx, sentences] of Object.entries(bank)) {
        for (const s of sentences) {
          for (const v of variants(s)) {
            const found = codesIn(v);
            if (!found.has(code)) problems.push(`${code}/${ctx} lacks a term: ${v}`);
            // No other code's term either, current or not, so the truth of every mention is unambiguous.
            if (found.size > 1) problems.push(`${code}/${ctx} also names ${[...found]}: ${v}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps context cues (negation, hypothetical, history, someone else) out of reach of current mentions', () => {
    const c = dict.context;
    const before = [...c.preNegation, ...c.hypothetical, ...c.historical, ...c.otherExperiencer];
    const after = c.postNegation;
    const problems: string[] = [];
    for (const [code, bank] of Object.entries(RISK_PHRASES)) {
      const lexicon = dict.riskCodes.find((r) => r.id === code)!;
      for (const s of bank.current) {
        for (const v of variants(s)) {
          for (const clause of v.split(/[.;:]\s/)) {
            const terms = [
              ...lexicon.terms.map((t) => termRegex(t, 'ig')),
              ...lexicon.caseSensitiveTerms.map((t) => termRegex(t, 'g')),
            ];
            for (const re of terms) {
              for (const m of clause.matchAll(re)) {
                const pre = clause.slice(0, m.index).split(/\s+/).slice(-c.maxScopeWords).join(' ');
                const post = clause
                  .slice(m.index + m[0].length)
                  .split(/\s+/)
                  .slice(0, c.maxScopeWords + 1)
                  .join(' ');
                const cue =
                  before.find((t) => termRegex(t, 'i').test(pre)) ?? after.find((t) => termRegex(t, 'i').test(post));
                if (cue) problems.push(`${code}: "${cue}" near "${m[0]}" in: ${clause}`);
              }
            }
          }
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('words its non-current mentions with the context cues of CONTRACT §5', () => {
    const cues: Record<string, RegExp> = {
      negated: /\b(no|not|denies|denied|negative|without)\b/i,
      hypothetical: /\b(if|would|might|could|in case|worr(y|ies|ied)|at risk of|should)\b/i,
      historical:
        /\b(history|previously|past|prior|years ago|used to|none since|last year|in 20\d\d|in \w+ (teens|twenties))\b/i,
      other: /\b(neighbou?r|friend|coworker|cousin|aunt|sister|neighbor's)\b/i,
    };
    const missing: string[] = [];
    for (const bank of Object.values(RISK_PHRASES)) {
      for (const ctx of NON_CURRENT) for (const s of bank[ctx]) if (!cues[ctx]!.test(s)) missing.push(`${ctx}: ${s}`);
    }
    expect(missing).toEqual([]);
  });
});
