import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

const sentencesOf = (text: string) => tokenize(text).sentences.map((s) => text.slice(s.start, s.end));

describe('tokenize', () => {
  it('splits sentences at . ! ? and line breaks, not after abbreviations, initials or decimals', () => {
    expect(sentencesOf('Met Mrs. Lee at 9 a.m. today. She paid $2,400.50! Why?\nNext line')).toEqual([
      'Met Mrs. Lee at 9 a.m. today.',
      'She paid $2,400.50!',
      'Why?',
      'Next line',
    ]);
  });

  it('numbers paragraphs by blank lines, including lines of spaces, and ignores leading blank lines', () => {
    const t = tokenize('\n\nOne.\nStill one.\n\n\nTwo.\n \t\nThree.');
    expect(t.sentences.map((s) => s.paragraph)).toEqual([0, 0, 1, 2]);
  });

  it('splits hyphens and slashes, strips possessives, reads years', () => {
    const t = tokenize("Neighbor's self-harm SI/HI in 2019, can't cope, mom’s");
    expect(t.tokens.norm).toEqual(['neighbor', 'self', 'harm', 'si', 'hi', 'in', '<year>', "can't", 'cope', 'mom']);
    expect(t.tokens.possessive.filter(Boolean)).toHaveLength(2);
    expect(t.tokens.raw[3]).toBe('SI');
  });

  it('treats dashes, curly quotes and bullets as punctuation, accented letters as letters', () => {
    const t = tokenize('SI\u2014denies \u201crelapsed\u201d \u2022 caf\u00e9');
    expect(t.tokens.norm.slice(0, t.tokens.count)).toEqual(['si', 'denies', 'relapsed', 'café']);
  });

  it('starts a new clause at a semicolon', () => {
    const t = tokenize('a b; c');
    expect(t.tokens.clause[1]).not.toBe(t.tokens.clause[2]);
    expect(t.tokens.clause[0]).toBe(t.tokens.clause[1]);
  });
});

describe('tokenize: commas', () => {
  it('marks a token that follows a comma, colon or dash, not one after a plain space', () => {
    const t = tokenize('worried, and she: left \u2014 then home. Next');
    const marked = t.tokens.norm.slice(0, t.tokens.count).filter((_, k) => t.tokens.comma[k]);
    expect(marked).toEqual(['and', 'left', 'then']);
  });
});
