import { describe, expect, it } from 'vitest';
import { completedSpanEnd, isAge, lifeStageEnd } from './life-stage.ts';
import { tokenize, type Tokens } from './tokenize.ts';

/** The words of the phrase found at word `at` of `text`, or '' when none starts there. */
function phraseAt(
  text: string,
  at: string,
  find: (tok: Tokens, k: number, to: number, clauseFrom: number) => number = lifeStageEnd,
): string {
  const { tokens } = tokenize(text);
  const k = tokens.norm.indexOf(at);
  const end = find(tokens, k, tokens.count, 0);
  return end ? tokens.norm.slice(k, end).join(' ') : '';
}

describe('times of life', () => {
  it('reads an age after a preposition of time, not an age that describes someone', () => {
    expect(phraseAt('At age 12, he ran away from home.', 'at')).toBe('at age 12');
    expect(phraseAt('She lived with her aunt from age 6 to 10.', 'from')).toBe('from age 6');
    expect(phraseAt('He was placed at the age of 7.', 'at')).toBe('at the age of 7');
    expect(phraseAt('Her son, age 12, is at school.', 'age')).toBe('');
  });

  it('reads "when/until someone was <age or stage>" and a past residence', () => {
    expect(phraseAt('She was hospitalized when she was 16.', 'when')).toBe('when she was 16');
    expect(phraseAt('Dad hit them when the boys were little.', 'when')).toBe('when the boys were little');
    expect(phraseAt('He drank when he was a teenager.', 'when')).toBe('when he was a teenager');
    expect(phraseAt('She used pills when they lived in Reno.', 'when')).toBe('when they lived');
    expect(phraseAt('She drank while living in Boston.', 'while')).toBe('while living in boston');
    // An event, not a time of life: "when he was picking up the kids".
    expect(phraseAt('He was drunk when he was picking up the kids.', 'when')).toBe('');
    expect(phraseAt('She drank while living in the shelter.', 'while')).toBe('');
  });

  it('reads a bare age only where a conjunction or the clause end closes it', () => {
    expect(phraseAt('She was arrested at 17 and again at 20.', 'at')).toBe('at 17');
    expect(phraseAt('The visit started at 10 sharp.', 'at')).toBe('');
  });

  it('knows ages in digits and words', () => {
    expect(isAge('14')).toBe(true);
    expect(isAge('fifteen')).toBe(true);
    expect(isAge('2019')).toBe(false);
    expect(isAge('0')).toBe(false);
  });
});

describe('periods that are over', () => {
  it('reads a simple-past clause with months or years, or an "until", as over', () => {
    expect(phraseAt('She stayed in a motel for six months.', 'for', completedSpanEnd)).toBe('for six months');
    expect(phraseAt('He was on the streets for about a year.', 'for', completedSpanEnd)).toBe('for about a year');
    expect(phraseAt('He smoked pot daily until his son was born.', 'until', completedSpanEnd)).toBe('until');
  });

  it('leaves the present perfect, the present and short spans alone', () => {
    expect(phraseAt('She has been in a motel for six months.', 'for', completedSpanEnd)).toBe('');
    expect(phraseAt('She is staying in a motel until Friday.', 'until', completedSpanEnd)).toBe('');
    expect(phraseAt('She stayed in a motel for two nights.', 'for', completedSpanEnd)).toBe('');
    expect(phraseAt('She will stay in a motel until the lease starts.', 'until', completedSpanEnd)).toBe('');
  });
});
