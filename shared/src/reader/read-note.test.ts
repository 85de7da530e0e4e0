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
    expect(at('Slept rough in 2018.', 'Slept rough').historical).toBe(true);
    // "since 2018" starts something still going on: it does not date the mention.
    expect(at('Has slept rough since 2018.', 'slept rough').historical).toBe(false);
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

describe('clause structure and ConText refinements', () => {
  const ctx = (text: string, code: string) => contextOf(text, code);

  it('ends a worry or negation at a new clause with its own subject', () => {
    expect(codesOf('Dad is worried about the rent, and his girlfriend is drinking again.')).toContain('substance_use');
    expect(codesOf('She might lose the apartment if she misses work, and she was arrested on Friday.')).toEqual(
      expect.arrayContaining(['legal']),
    );
    expect(codesOf('There are no evictions on record and she is sleeping in her car now.')).toContain(
      'housing_instability',
    );
    // Joined nouns are no new clause: the negation still covers both.
    expect(ctx('Denies drinking and drug use.', 'substance_use').negated).toBe(true);
  });

  it('lets an opening conditional run on into its consequent, but not past ", and she"', () => {
    expect(ctx('If the landlord files, he said, they would be evicted.', 'housing_instability').hypothetical).toBe(
      true,
    );
    expect(
      ctx('Mom fears that if she reports him, she will end up in a shelter.', 'housing_instability').hypothetical,
    ).toBe(true);
    expect(
      ctx('If she relapses and they are evicted, the kids go to grandma.', 'housing_instability').hypothetical,
    ).toBe(true);
    expect(
      ctx('If the car breaks down she will need a ride, and she was evicted last week.', 'housing_instability')
        .hypothetical,
    ).toBe(false);
  });

  it('reads "if he keeps …" as presupposing the behaviour is going on now', () => {
    expect(
      ctx('Grandma may stop helping if dad keeps drinking in front of the kids.', 'substance_use').hypothetical,
    ).toBe(false);
    expect(ctx('He could lose the room if his son continues skipping school.', 'school_absence').hypothetical).toBe(
      false,
    );
    expect(ctx('He could lose the room if his son starts skipping school.', 'school_absence').hypothetical).toBe(true);
  });

  it('counts harm by an outsider to a named household member as the household’s', () => {
    expect(ctx('A stranger attacked her son outside the store.', 'violence').experiencer).toBe('client');
    expect(ctx('An older classmate punched Tyler at recess.', 'violence').experiencer).toBe('client');
    expect(ctx('The neighbor punched him in the stairwell.', 'violence').experiencer).toBe('client');
    expect(ctx('Her cousin punched a coworker last night.', 'violence').experiencer).toBe('other');
    expect(ctx('Her uncle was arrested; he lives upstate.', 'legal').experiencer).toBe('other');
  });

  it('dates a past-tense mention by a time cue after "but"', () => {
    expect(ctx('Her ex was violent but they split up in 2017.', 'domestic_violence').historical).toBe(true);
    expect(ctx('She relapsed yesterday but had been sober since 2019.', 'substance_use').historical).toBe(false);
  });

  it('reads "was an alcoholic" as a past identity, "there was a fight" as an event', () => {
    expect(ctx('Her father was an alcoholic.', 'substance_use').historical).toBe(true);
    expect(ctx('Grandpa was a heavy drinker.', 'substance_use').historical).toBe(true);
    expect(ctx('There was a fight in the hallway.', 'violence').historical).toBe(false);
    expect(ctx('Dad was drunk at the visit.', 'substance_use').historical).toBe(false);
  });

  it('knows more negation, hypothesis, history and experiencer cues', () => {
    expect(ctx('Allegations of neglect were unfounded.', 'child_safety').negated).toBe(true);
    expect(ctx('Nobody in the home drinks alcohol.', 'substance_use').negated).toBe(true);
    expect(ctx('Her latest drug screen came back clean.', 'substance_use').negated).toBe(true);
    expect(ctx('Client does not deny drinking last night.', 'substance_use').negated).toBe(false);
    const ro = ctx('The doctor cannot rule out psychosis.', 'mental_health_crisis');
    expect([ro.negated, ro.hypothetical]).toEqual([false, true]);
    expect(ctx('Family history of suicide on the maternal side.', 'suicide_self_harm').experiencer).toBe('other');
    expect(ctx('Her late husband was hospitalized often.', 'medical').historical).toBe(true);
    expect(ctx('She relapsed in the past week.', 'substance_use').historical).toBe(false);
    expect(ctx('He was arrested as a juvenile.', 'legal').historical).toBe(true);
  });

  it('applies a trailing "if" only to a modal clause or a mention right before it', () => {
    expect(ctx('Client is homeless and will call if she needs help.', 'housing_instability').hypothetical).toBe(false);
    expect(ctx('She would go to a shelter if the landlord files.', 'housing_instability').hypothetical).toBe(true);
    expect(ctx('Eviction if the rent stays unpaid.', 'housing_instability').hypothetical).toBe(true);
  });

  it('reads who a pronoun is from the previous sentence of the paragraph when redirecting', () => {
    const dv = readNote('Her boyfriend came home late. He hit her in the kitchen.');
    expect(dv.map((f) => f.code)).toEqual(['domestic_violence']);
    // Another paragraph, or no pronoun, is not read back.
    expect(readNote('Her boyfriend came home late.\n\nHe hit her in the kitchen.').map((f) => f.code)).toEqual([
      'violence',
    ]);
    expect(readNote('Her boyfriend came home late. A stranger punched Tom.').map((f) => f.code)).toEqual(['violence']);
    expect([...new Set(codesOf('Her paramour punched a hole in the door and hit her.'))]).toEqual([
      'domestic_violence',
    ]);
  });

  it('reads a program or screening named after a term as no occurrence of it', () => {
    expect(ctx('She joined the eviction prevention program.', 'housing_instability').hypothetical).toBe(true);
    expect(ctx('Relapse prevention plan reviewed with client.', 'substance_use').hypothetical).toBe(true);
    expect(ctx('Client relapsed; prevention plan reviewed.', 'substance_use').hypothetical).toBe(false);
  });

  it('lets a post-trigger reach back over a list of mentions, not over an unrelated one', () => {
    expect(ctx('She enrolled in the eviction prevention program.', 'education').hypothetical).toBe(false);
    const listed = readNote('Drinking, drug use and fighting were not observed.');
    expect(listed.map((f) => f.context.negated)).toEqual([true, true, true]);
  });

  it('reads a relative outside the home, and named distractors, as no household risk', () => {
    expect(ctx('Her father, who does not live in the home, drinks heavily.', 'substance_use').experiencer).toBe(
      'other',
    );
    expect(ctx('The non-custodial father was arrested.', 'legal').experiencer).toBe('other');
    expect(codesOf('Son tested positive for COVID and stayed home.')).toEqual([]);
    expect(codesOf('He tested positive for meth.')).toContain('substance_use');
  });
});
