import { describe, expect, it } from 'vitest';
import { loadDictionary } from '@caseload/shared';
import { evaluateTripwires, type TripwireInput } from './tripwires.ts';

const rules = loadDictionary().tripwires;
const quiet: TripwireInput = {
  lateNotes: 2,
  notes: 100,
  missedFollowups: 1,
  followupsDue: 50,
  crisisThisWeek: 2,
  crisisLastWeek: 2,
  weightedLoad: 40,
  capacity: 60,
};

describe('tripwires', () => {
  it('a quiet unit trips nothing', () => {
    expect(evaluateTripwires(quiet, rules)).toEqual([]);
  });
  it('each rule trips with its action and a sentence with the numbers', () => {
    const found = evaluateTripwires(
      { ...quiet, lateNotes: 30, missedFollowups: 10, crisisThisWeek: 9, crisisLastWeek: 4, weightedLoad: 66 },
      rules,
    );
    expect(found.map((f) => [f.id, f.severity])).toEqual([
      ['late_documentation', 'alert'],
      ['missed_followups', 'alert'],
      ['crisis_rising', 'alert'],
      ['over_capacity', 'alert'],
    ]);
    expect(found[2]!.explanation).toContain('Crisis contacts rose from 4 to 9');
    expect(found[3]!.action).toMatch(/Pause intake/);
  });
  it('small bases do not trip rates, and near-threshold values watch', () => {
    expect(
      evaluateTripwires({ ...quiet, lateNotes: 5, notes: 10, crisisThisWeek: 2, crisisLastWeek: 0 }, rules),
    ).toEqual([]);
    const near = evaluateTripwires({ ...quiet, weightedLoad: 51 }, rules);
    expect(near.map((f) => [f.id, f.severity])).toEqual([['over_capacity', 'watch']]);
  });
});
