import { describe, expect, it } from 'vitest';
import { explainDrift, possessive } from './explain.ts';

const dim = (measure: string, label: string) => ({ id: 'x', label, measure });

describe('explanations', () => {
  it('reads like the issue’s example', () => {
    expect(
      explainDrift({
        name: 'Avery',
        dimension: dim('code_rate', 'Housing instability per note'),
        observed: 27,
        expected: 6.2,
        exposure: 56,
        days: 28,
      }),
    ).toBe(
      "Avery's notes flag housing instability in 48% of notes over 28 days; 11% expected for their case mix; 27 observed, 6.2 expected.",
    );
  });
  it('covers contacts and no-shows, and CUSUM periods', () => {
    expect(
      explainDrift({
        name: 'Jules',
        dimension: dim('contacts_per_case_week', 'Contacts per case-week'),
        observed: 30,
        expected: 45,
        exposure: 40,
        days: 21,
        sinceIso: '2026-11-01',
      }),
    ).toBe(
      'Jules logged 0.75 contacts per case-week over the 21 days since 2026-11-01; 1.13 expected for their case mix; 30 observed, 45 expected.',
    );
    expect(
      explainDrift({
        name: 'Sam',
        dimension: dim('no_show_rate', 'No-show rate'),
        observed: 10,
        expected: 5,
        exposure: 50,
        days: 28,
      }),
    ).toMatch(/^20% of Sam's contacts were no-shows/);
  });
  it('possessives', () => {
    expect(possessive('Avery')).toBe("Avery's");
    expect(possessive('Jess')).toBe("Jess'");
  });
});
