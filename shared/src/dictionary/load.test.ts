import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DICTIONARY_PATH, DictionaryError, loadDictionary, parseDictionary } from './load.ts';

describe('data dictionary', () => {
  const text = readFileSync(DEFAULT_DICTIONARY_PATH, 'utf8');

  it('loads the shipped dictionary with every contract track and code', () => {
    const d = loadDictionary();
    expect(d.tracks.map((t) => t.id)).toEqual(['child_welfare', 'housing', 'behavioral_health', 'workforce']);
    expect(d.riskCodes.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'suicide_self_harm',
        'violence',
        'domestic_violence',
        'child_safety',
        'substance_use',
        'housing_instability',
        'food_insecurity',
        'medical',
        'mental_health_crisis',
        'school_absence',
        'legal',
        'financial_crisis',
        'caregiver_strain',
      ]),
    );
    expect(d.themes.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'employment',
        'education',
        'goal_progress',
        'engagement',
        'family_support',
        'transportation',
      ]),
    );
    expect(d.drift.dimensions.filter((x) => x.alerting).length).toBeLessThanOrEqual(d.drift.maxAlertingPerWorker);
  });

  it('changes its version when the file changes', () => {
    const a = parseDictionary(text);
    const b = parseDictionary(text + '\n# an edit\n');
    expect(a.version).not.toBe(b.version);
    expect(parseDictionary(text).version).toBe(a.version);
  });

  it('names the line of a bad value', () => {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.startsWith('windows:'));
    lines[i] = 'windows: { shortDays: -3, longDays: 28, retainDays: 35 }';
    try {
      parseDictionary(lines.join('\n'), 'x.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DictionaryError);
      expect((e as DictionaryError).problems[0]).toMatchObject({ line: i + 1, path: 'windows.shortDays' });
    }
  });

  it('names the line of a YAML syntax error', () => {
    expect(() => parseDictionary('name: x\nrevision: [unclosed\n')).toThrow(/line \d+/);
  });
});
