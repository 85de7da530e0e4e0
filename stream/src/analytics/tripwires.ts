import type { DictionaryData } from '@caseload/shared';

/**
 * Unit-level tripwires from the dictionary's `tripwires`, each with its suggested capacity action.
 * Rates need a minimum base so that one late note in a quiet week does not trip a rule.
 */

export type TripwireRule = DictionaryData['tripwires'][number];

export interface TripwireInput {
  /** Notes written more than `lateDocumentationHours` after their contact, over notes, in the window. */
  lateNotes: number;
  notes: number;
  /** Follow-up windows (contacts due by cadence) missed, over those due, in the window. */
  missedFollowups: number;
  followupsDue: number;
  /** Crisis contacts in the last 7 days and the 7 before. */
  crisisThisWeek: number;
  crisisLastWeek: number;
  weightedLoad: number;
  capacity: number;
}

export interface TripwireFinding {
  id: string;
  label: string;
  metric: TripwireRule['metric'];
  value: number;
  threshold: number;
  severity: 'watch' | 'alert';
  action: string;
  explanation: string;
}

/** Smallest denominators for a rate to count, and crisis contacts this week for a rise to count. */
export const MIN_NOTES = 20;
export const MIN_FOLLOWUPS = 20;
export const MIN_CRISIS = 3;

const pct = (x: number) => `${Math.round(x * 100)}%`;

function measure(rule: TripwireRule, x: TripwireInput): { value: number; text: string } | null {
  switch (rule.metric) {
    case 'late_doc_rate':
      if (x.notes < MIN_NOTES) return null;
      return {
        value: x.lateNotes / x.notes,
        text: `${pct(x.lateNotes / x.notes)} of notes were written late (${x.lateNotes} of ${x.notes})`,
      };
    case 'missed_followup_rate':
      if (x.followupsDue < MIN_FOLLOWUPS) return null;
      return {
        value: x.missedFollowups / x.followupsDue,
        text: `${pct(x.missedFollowups / x.followupsDue)} of follow-up windows were missed (${x.missedFollowups} of ${x.followupsDue})`,
      };
    case 'crisis_week_over_week': {
      if (x.crisisThisWeek < MIN_CRISIS) return null;
      const rise = (x.crisisThisWeek - x.crisisLastWeek) / Math.max(1, x.crisisLastWeek);
      return {
        value: rise,
        text: `crisis contacts rose from ${x.crisisLastWeek} to ${x.crisisThisWeek} week over week (${rise >= 0 ? '+' : ''}${pct(rise)})`,
      };
    }
    case 'load_ratio':
      if (x.capacity <= 0) return null;
      return {
        value: x.weightedLoad / x.capacity,
        text: `the unit carries ${x.weightedLoad.toFixed(1)} weighted points against a capacity of ${x.capacity.toFixed(1)} (${pct(x.weightedLoad / x.capacity)})`,
      };
  }
}

/** Rules at or over their threshold alert; within 80% of it they show as watch. */
export function evaluateTripwires(x: TripwireInput, rules: readonly TripwireRule[]): TripwireFinding[] {
  const out: TripwireFinding[] = [];
  for (const rule of rules) {
    const m = measure(rule, x);
    if (!m) continue;
    const severity = m.value >= rule.threshold ? 'alert' : m.value >= 0.8 * rule.threshold ? 'watch' : null;
    if (!severity) continue;
    out.push({
      id: rule.id,
      label: rule.label,
      metric: rule.metric,
      value: m.value,
      threshold: rule.threshold,
      severity,
      action: rule.action,
      explanation: `${m.text.charAt(0).toUpperCase()}${m.text.slice(1)}; the threshold is ${pct(rule.threshold)}. ${rule.action}.`,
    });
  }
  return out;
}
