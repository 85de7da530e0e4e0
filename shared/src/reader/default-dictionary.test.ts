import { describe, expect, it } from 'vitest';
import { loadDictionary } from '../dictionary/load.ts';
import { compileDictionary } from './compile.ts';
import { defaultDictionary, lazyDictionary } from './default-dictionary.ts';
import { readNote } from './read-note.ts';

describe('defaultDictionary (lazily loaded)', () => {
  it('loads nothing until first used, then once', () => {
    let loads = 0;
    const d = lazyDictionary(() => (loads++, loadDictionary()));
    expect(loads).toBe(0);
    expect(d.version).toMatch(/^\d{4}\.\d+\.\d+\+[0-9a-f]{12}$/);
    expect(d.riskCodes.length).toBeGreaterThan(0);
    void d.themes;
    expect(loads).toBe(1);
  });

  it('behaves as the loaded object: keys, spread, JSON, `in`', () => {
    const real = loadDictionary();
    expect(Object.keys(defaultDictionary).sort()).toEqual(Object.keys(real).sort());
    expect({ ...defaultDictionary }).toEqual(real);
    expect(JSON.parse(JSON.stringify(defaultDictionary))).toEqual(JSON.parse(JSON.stringify(real)));
    expect('context' in defaultDictionary).toBe(true);
  });

  it('is read-only and keeps one identity, so the compiled lexicon is cached by it', () => {
    expect(() => {
      (defaultDictionary as { version: string }).version = 'x';
    }).toThrow(TypeError);
    expect(Object.isFrozen(defaultDictionary)).toBe(true);
    expect(compileDictionary(defaultDictionary)).toBe(compileDictionary(defaultDictionary));
    expect(readNote('She denies SI.')).toEqual(readNote('She denies SI.', loadDictionary()));
  });
});
