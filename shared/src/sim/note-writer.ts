/**
 * Writes case-note text from the phrase bank: several paragraphs separated by blank lines, with the
 * risk mentions the simulator decided on (current ones, which are ground truth, and non-current
 * distractors) woven in, and a few typos in the ordinary sentences. Pure: the text depends only on
 * the plan and the generator given.
 */
import type { Rng } from './prng.ts';
import {
  CASE_REVIEW,
  CHILD_NAMES,
  CLIENT_SURNAMES,
  FEMALE_NAMES,
  MALE_NAMES,
  MISSED_CONTACT,
  MISSED_FOLLOWUP,
  OPENINGS,
  PLANS,
  SLOT_LISTS,
  TOPICS,
  TRACK_TOPICS,
} from './phrases.ts';
import { RISK_PHRASES, type MentionContext } from './phrases-risk.ts';
import { TYPO_PER_SENTENCE } from './volumes.ts';

/** Who a note is about; derived from the case so every note on a case names the same people. */
export interface ClientProfile {
  female: boolean;
  first: string;
  surname: string;
  child: string;
  childAge: number;
  childFemale: boolean;
}

export function clientProfile(rng: Rng): ClientProfile {
  const female = rng.chance(0.72);
  return {
    female,
    first: rng.pick(female ? FEMALE_NAMES : MALE_NAMES),
    surname: rng.pick(CLIENT_SURNAMES),
    child: rng.pick(CHILD_NAMES),
    childAge: rng.between(1, 16),
    childFemale: rng.chance(0.5),
  };
}

export type NoteKind = 'contact' | 'missed' | 'review';

export interface NotePlan {
  kind: NoteKind;
  track: string;
  /** Contact mode (for `contact` notes) or outcome (for `missed` notes). */
  mode?: string;
  outcome?: string;
  /** Codes mentioned as current risk: the ground truth. */
  current: readonly string[];
  /** Codes mentioned in a non-current way, with the context used. */
  distractors: readonly { code: string; context: MentionContext }[];
}

export interface Mention {
  code: string;
  context: MentionContext;
}

export interface WrittenNote {
  text: string;
  mentions: Mention[];
}

export function writeNote(plan: NotePlan, profile: ClientProfile, rng: Rng): WrittenNote {
  const fill = filler(profile, rng);
  const mentions: Mention[] = [];
  const riskSentences: string[] = [];
  for (const code of plan.current) {
    const bank = RISK_PHRASES[code]?.current;
    if (!bank) continue;
    riskSentences.push(fill(rng.pick(bank)));
    mentions.push({ code, context: 'current' });
  }
  for (const d of plan.distractors) {
    const bank = RISK_PHRASES[d.code]?.[d.context];
    if (!bank) continue;
    riskSentences.push(fill(rng.pick(bank)));
    mentions.push({ code: d.code, context: d.context });
  }
  const plain = (s: string) => typo(fill(s), rng);

  let paragraphs: string[][];
  if (plan.kind === 'missed') {
    const outcome = plan.outcome ?? 'attempted';
    paragraphs = [
      [plain(rng.pick(MISSED_CONTACT[outcome] ?? MISSED_CONTACT.attempted!))],
      [plain(rng.pick(MISSED_FOLLOWUP))],
    ];
  } else if (plan.kind === 'review') {
    paragraphs = [rng.sample(CASE_REVIEW, 2).map(plain), rng.sample(PLANS, 1).map(plain)];
  } else {
    const opening = OPENINGS[plan.mode ?? 'office'] ?? OPENINGS.office!;
    const topics = rng.sample(TRACK_TOPICS[plan.track] ?? TRACK_TOPICS.housing!, 3);
    paragraphs = [
      // A collateral contact is with someone else: no word on how the client came across.
      plan.mode === 'collateral'
        ? [plain(rng.pick(opening))]
        : [plain(rng.pick(opening)), plain(rng.pick(TOPICS.engagement!))],
      ...topics.map((t) => rng.sample(TOPICS[t]!, rng.between(3, 5)).map(plain)),
      rng.sample(PLANS, rng.between(2, 3)).map(plain),
    ];
  }
  // Risk sentences go into the middle paragraphs, or a paragraph of their own.
  for (const s of riskSentences) {
    if (paragraphs.length > 2 && rng.chance(0.6)) {
      const p = paragraphs[1 + rng.int(paragraphs.length - 2)]!;
      p.splice(rng.int(p.length + 1), 0, s);
    } else {
      paragraphs.splice(Math.max(1, paragraphs.length - 1), 0, [s]);
    }
  }
  return { text: paragraphs.map((p) => p.join(' ')).join('\n\n'), mentions };
}

/** A template split once into literal text and slots; `cap` marks a slot that starts a sentence. */
type Part = string | { slot: string; cap: boolean };
const compiled = new Map<string, Part[]>();
const SLOT = /\{(\w+)\}/g;

function compile(template: string): Part[] {
  let parts = compiled.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of template.matchAll(SLOT)) {
    const before = template.slice(last, m.index);
    if (before) parts.push(before);
    const prefix = template.slice(0, m.index);
    parts.push({ slot: m[1]!, cap: prefix === '' || /[.!?]\s+$/.test(prefix) });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  compiled.set(template, parts);
  return parts;
}

/** Fills a template's slots for one note; the client is named in varied ways, as workers do. */
function filler(profile: ClientProfile, rng: Rng): (template: string) => string {
  const f = profile.female;
  const fixed: Record<string, string> = {
    P: f ? 'She' : 'He',
    p: f ? 'she' : 'he',
    pos: f ? 'her' : 'his',
    Pos: f ? 'Her' : 'His',
    obj: f ? 'her' : 'him',
    self: f ? 'herself' : 'himself',
    child: profile.child,
    age: String(profile.childAge),
    kid: profile.childFemale ? 'daughter' : 'son',
    cpos: profile.childFemale ? 'her' : 'his',
  };
  const title = `${f ? 'Ms.' : 'Mr.'} ${profile.surname}`;
  const names = [title, profile.first, `${profile.first} ${profile.surname}`, 'the client', title];
  return (template) => {
    let out = '';
    for (const part of compile(template)) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      let v: string;
      if (part.slot === 'C') v = rng.pick(names);
      else {
        const list = SLOT_LISTS[part.slot];
        v = fixed[part.slot] ?? (list ? rng.pick(list) : part.slot);
      }
      out += part.cap ? v.charAt(0).toUpperCase() + v.slice(1) : v;
    }
    return out;
  };
}

/** Occasionally a slip of the keyboard in one longer word: swapped, dropped or doubled letters. */
function typo(sentence: string, rng: Rng): string {
  if (!rng.chance(TYPO_PER_SENTENCE)) return sentence;
  const words = sentence.split(' ');
  const candidates = words.map((w, i) => (/^[a-z]{5,}$/.test(w) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return sentence;
  const i = rng.pick(candidates);
  const w = words[i]!;
  const at = 1 + rng.int(w.length - 2);
  const kind = rng.int(3);
  words[i] =
    kind === 0
      ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2)
      : kind === 1
        ? w.slice(0, at) + w.slice(at + 1)
        : w.slice(0, at) + w[at] + w.slice(at);
  return words.join(' ');
}
