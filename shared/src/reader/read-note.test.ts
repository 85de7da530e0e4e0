import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDictionary, DEFAULT_DICTIONARY_PATH } from '../dictionary/load.ts';
import { readFileSync } from 'node:fs';
import { classifyContext, compileDictionary, defaultDictionary, readNote, readNoteWithVersion } from '../index.ts';

const codesOf = (text: string, current = true) =>
  readNote(text)
    .filter((f) => f.current === current)
    .map((f) => f.code);

/** The context of the first mention of `code` in `text`. */
function contextOf(text: string, code: string) {
  const f = readNote(text).find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} in: ${text}`);
  return f.context;
}

describe('readNote', () => {
  const note =
    'Home visit completed. Mom reports the boyfriend hit her on Friday; she denies SI.\n\n' +
    'Kids were hungry and there was no food in the home.\n   \n' +
    'History of eviction in 2019, none since. Her neighbor is homeless.';

  it('is deterministic: the same text gives identical findings', () => {
    expect(readNote(note)).toEqual(readNote(note));
    expect(JSON.stringify(readNote(note))).toBe(JSON.stringify(readNote(note.slice())));
  });

  it('cites each finding by paragraph, span, quote and sentence', () => {
    const fs = readNote(note);
    for (const f of fs) expect(f.quote).toBe(note.slice(f.start, f.end));
    const dv = fs.find((f) => f.code === 'domestic_violence')!;
    expect(dv).toMatchObject({ kind: 'risk', paragraph: 0, quote: 'hit her', current: true });
    expect(dv.sentence).toBe('Mom reports the boyfriend hit her on Friday; she denies SI.');
    expect(fs.find((f) => f.code === 'food_insecurity')).toMatchObject({ paragraph: 1, current: true });
    // A line of spaces is a blank line: the third paragraph has index 2.
    const hou = fs.filter((f) => f.code === 'housing_instability');
    expect(hou.map((f) => [f.paragraph, f.quote, f.current])).toEqual([
      [2, 'eviction', false],
      [2, 'homeless', false],
    ]);
    expect(hou[0]!.context.historical).toBe(true);
    expect(hou[1]!.context.experiencer).toBe('other');
  });

  it('keeps every quote equal to text.slice(start, end) over generated notes', () => {
    const terms = [
      'suicidal',
      'SI',
      'DV',
      'eviction',
      'relapsed',
      "can't cope",
      'self-harm',
      'ETOH',
      'bus pass',
      'job',
    ];
    const filler = fc.constantFrom(
      'Client',
      'denies',
      'no',
      'history of',
      'neighbor’s',
      'if',
      'but',
      'in 2019',
      '.',
      ';',
      ',',
      '\n',
      '\n\n',
      '  ',
      'Mrs.',
      'é',
      'İ',
      '4-year-old',
    );
    const part = fc.oneof(fc.constantFrom(...terms), filler, fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 40 }), fc.constantFrom(' ', '', '\n'), (parts, sep) => {
        const text = parts.join(sep);
        const fs = readNote(text);
        for (const f of fs) {
          expect(f.quote).toBe(text.slice(f.start, f.end));
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.sentence).toContain(f.quote);
          expect(f.current).toBe(
            !f.context.negated &&
              !f.context.hypothetical &&
              !f.context.historical &&
              f.context.experiencer === 'client',
          );
        }
        expect(readNote(text)).toEqual(fs);
      }),
      { numRuns: 300 },
    );
  });

  it('matches abbreviations case-sensitively: SI is suicidal ideation, "si" is not', () => {
    expect(codesOf('Client endorses SI with a plan.')).toEqual(['suicide_self_harm']);
    expect(codesOf('Client said si when asked about the visit.')).toEqual([]);
    expect(codesOf('Client receives SSI each month.')).toEqual([]);
    expect(codesOf('Reports ETOH use nightly.')).toEqual(['substance_use']);
    expect(codesOf('Reports etoh use nightly.')).toEqual([]);
  });

  it('matches inflections, hyphen variants and listed misspellings', () => {
    expect(codesOf('Family was evicted.')).toEqual(['housing_instability']);
    expect(codesOf('History of self harm.', false)).toEqual(['suicide_self_harm']);
    expect(codesOf('Client is sucidal.')).toEqual(['suicide_self_harm']);
    expect(codesOf('Client missed her last two appointments.')).toEqual(['engagement']);
  });

  it('records the dictionary version that produced a reading', () => {
    const r = readNoteWithVersion('Client is homeless.');
    expect(r.dictionaryVersion).toBe(defaultDictionary.version);
    const edited = parseDictionary(readFileSync(DEFAULT_DICTIONARY_PATH, 'utf8') + '\n# edited\n');
    const r2 = readNoteWithVersion('Client is homeless.', edited);
    expect(r2.dictionaryVersion).not.toBe(r.dictionaryVersion);
    expect(r2.findings).toEqual(r.findings);
  });

  it('compiles each dictionary version once', () => {
    expect(compileDictionary(defaultDictionary)).toBe(compileDictionary(defaultDictionary));
    const same = parseDictionary(readFileSync(DEFAULT_DICTIONARY_PATH, 'utf8'));
    expect(compileDictionary(same)).toBe(compileDictionary(defaultDictionary));
  });

  it('reads a new term from an edited dictionary', () => {
    const text = readFileSync(DEFAULT_DICTIONARY_PATH, 'utf8').replace(
      'terms: [evict*,',
      'terms: [sofa hopping, evict*,',
    );
    expect(readNote('Client is sofa hopping.', parseDictionary(text)).map((f) => f.code)).toEqual([
      'housing_instability',
    ]);
    expect(readNote('Client is sofa hopping.')).toEqual([]);
  });
});

describe('context (NegEx / ConText)', () => {
  it('pre-negation', () => {
    expect(contextOf('Client denies suicidal ideation.', 'suicide_self_harm').negated).toBe(true);
    expect(contextOf('No evidence of psychosis.', 'mental_health_crisis').negated).toBe(true);
    expect(contextOf('Client has no history of evictions.', 'housing_instability').negated).toBe(true);
  });

  it('post-negation, within a few words', () => {
    expect(contextOf("Client's drug screen came back negative.", 'substance_use').negated).toBe(true);
    expect(contextOf('The crisis team was not needed.', 'mental_health_crisis').negated).toBe(true);
    expect(contextOf('Drinking is not a concern.', 'substance_use').negated).toBe(true);
  });

  it('pseudo-triggers are not negations', () => {
    expect(contextOf('There has been no increase in drinking.', 'substance_use').negated).toBe(false);
    expect(contextOf('Mom was not only tired but overwhelmed.', 'caregiver_strain').negated).toBe(false);
  });

  it('scope ends at terminators and at sentence and clause ends', () => {
    expect(codesOf('Client denies SI but reports drinking daily.')).toEqual(['substance_use']);
    expect(codesOf('Client denies SI; drinking daily.')).toEqual(['substance_use']);
    expect(codesOf('Client denies SI. Drinking daily.')).toEqual(['substance_use']);
    expect(codesOf('Denies SI, however she relapsed on Friday.')).toEqual(['substance_use']);
  });

  it('scope ends after maxScopeWords words', () => {
    expect(
      contextOf('No one in the family said anything at all about the father drinking.', 'substance_use').negated,
    ).toBe(false);
  });

  it('hypothetical and future', () => {
    expect(contextOf('If the eviction goes ahead she will need a shelter.', 'housing_instability').hypothetical).toBe(
      true,
    );
    expect(contextOf('Client is worried about becoming homeless.', 'housing_instability').hypothetical).toBe(true);
    expect(contextOf('Client is at risk of relapse.', 'substance_use').hypothetical).toBe(true);
    expect(contextOf('Drug test results pending.', 'substance_use').hypothetical).toBe(true);
  });

  it('historical, before or after the mention', () => {
    expect(contextOf('History of DV, none since 2019.', 'domestic_violence').historical).toBe(true);
    expect(contextOf('Client was evicted in 2019.', 'housing_instability').historical).toBe(true);
    expect(contextOf('Client previously relapsed.', 'substance_use').historical).toBe(true);
    expect(contextOf('Client relapsed last night.', 'substance_use').historical).toBe(false);
    expect(contextOf('The 4-year-old was left alone.', 'child_safety').historical).toBe(false);
  });

  it('experiencer: others outside the household, the household itself, and who is the subject', () => {
    expect(contextOf("Her neighbour's drug use worries her.", 'substance_use').experiencer).toBe('other');
    expect(contextOf("The neighbor's son was arrested.", 'legal').experiencer).toBe('other');
    expect(contextOf("Mom's boyfriend, who lives in the home, hit her.", 'domestic_violence').experiencer).toBe(
      'client',
    );
    expect(contextOf('The children were left alone overnight.', 'child_safety').experiencer).toBe('client');
    expect(contextOf('Neighbor called the hotline stating the kids were left alone.', 'child_safety').experiencer).toBe(
      'client',
    );
    expect(contextOf("Client's sister is homeless.", 'housing_instability').experiencer).toBe('other');
    expect(contextOf('Client got into a fight with a coworker and was fired.', 'financial_crisis').experiencer).toBe(
      'client',
    );
  });

  it('a non-current mention is kept as a finding, never flagged', () => {
    const fs = readNote('Client denies suicidal ideation.');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.current).toBe(false);
  });
});

describe('classifyContext', () => {
  const at = (sentence: string, quote: string) => {
    const start = sentence.indexOf(quote);
    return classifyContext(sentence, { start, end: start + quote.length });
  };

  it('classifies a span on its own, whether or not it is a lexicon term', () => {
    expect(at('Client denies any thoughts of self-harm.', 'self-harm')).toEqual({
      negated: true,
      hypothetical: false,
      historical: false,
      experiencer: 'client',
    });
    expect(at('If she loses the flat she will sleep rough.', 'sleep rough').hypothetical).toBe(true);
    expect(at('Her cousin sleeps rough.', 'sleeps rough').experiencer).toBe('other');
    expect(at('Sleeps rough since 2018.', 'Sleeps rough').historical).toBe(true);
  });

  it('agrees with readNote on every finding of a note', () => {
    const text = 'Denies SI/HI. If evicted she may go to a shelter. History of DV. Her friend relapsed.';
    for (const f of readNote(text)) {
      const offset = text.indexOf(f.sentence);
      expect(classifyContext(f.sentence, { start: f.start - offset, end: f.end - offset })).toEqual(f.context);
    }
  });

  it('reads a span outside every word as plain', () => {
    expect(classifyContext('No. ', { start: 3, end: 4 })).toEqual({
      negated: false,
      hypothetical: false,
      historical: false,
      experiencer: 'client',
    });
  });
});
