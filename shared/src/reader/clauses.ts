import type { Tokens } from './tokenize.ts';

/**
 * Clause structure inside a sentence, from closed-class words only (pronouns, conjunctions,
 * auxiliaries): where a new clause with its own subject starts, so a trigger's scope stops there
 * ("Mom is worried about rent, and her boyfriend is drinking again": the worry does not reach the
 * drinking). Grammar words, not vocabulary, so they live here rather than in the dictionary.
 */

/** Nominative pronouns: after a comma or a conjunction they can only start a clause. */
const NOMINATIVE = new Set(['she', 'he', 'they', 'i', 'we', 'there']);
/** Words that, with a subject after them, join two clauses. */
const CONJUNCTIONS = new Set(['and', 'so', 'then', 'while', 'whereas']);
/** Determiners that may start a noun subject after a comma ("…, her boyfriend is drinking"). */
const SUBJECT_DETERMINERS = new Set(['her', 'his', 'their', 'the', 'a', 'an', 'my', 'our']);
/** Conditionals: at the start of a sentence their scope runs on into the consequent after a comma. */
const CONDITIONALS = new Set(['if', 'unless', 'should', 'once', 'whether', 'in']);
/**
 * "if he keeps drinking", "wants to stop using", "hopes to leave the shelter": continuing, stopping or
 * leaving something presupposes it is going on now.
 */
const CONTINUATIVE = new Set([
  'keep',
  'keeps',
  'kept',
  'continue',
  'continues',
  'continued',
  'continuing',
  'stop',
  'quit',
  'leave',
]);
/** Past copulas and auxiliaries: "was abusive", "were evicted". */
const PAST = new Set(['was', 'were', 'had']);

/** Kinds of clause break, as bits: after a comma, after a conjunction, or both (", and she"). */
export const BREAK_COMMA = 1;
export const BREAK_CONJ = 2;
/**
 * "is not working and cannot pay the bill": "and" with an auxiliary starts a second predicate of the
 * same subject. It ends a negation's scope (the "not" is the first predicate's), not the subject's.
 */
export const BREAK_PREDICATE = 4;

/** Auxiliaries and modals that open a coordinated predicate ("and has", "and cannot"). */
const AUXILIARIES = new Set([
  'is',
  'was',
  'are',
  'were',
  'has',
  'have',
  'had',
  'does',
  'did',
  'will',
  'would',
  'can',
  'cannot',
  "can't",
  'could',
  "couldn't",
  'should',
  'must',
  'may',
  'might',
  "isn't",
  "wasn't",
  "hasn't",
  "hadn't",
  "doesn't",
  "didn't",
  "won't",
]);
/** People who write or act in a note; with an auxiliary after "and" they start a clause ("and worker has"). */
const ROLE_NOUNS = new Set([
  'worker',
  'caseworker',
  'writer',
  'staff',
  'therapist',
  'counselor',
  'teacher',
  'landlord',
  'police',
  'officer',
  'doctor',
  'nurse',
  'pediatrician',
  'psychiatrist',
  'clinician',
  'school',
  'agency',
]);

/**
 * `breaks[k - from]`: how token k starts a new clause (0 when it does not). `isPersonAt(k)` says
 * whether a person word (a household or other-experiencer trigger) starts at token k.
 */
export function clauseBreaks(
  tok: Tokens,
  from: number,
  to: number,
  isPersonAt: (k: number) => boolean,
  into: Uint8Array,
): Uint8Array {
  into.fill(0, 0, to - from);
  for (let k = from + 1; k < to; k++) {
    const comma = tok.comma[k] === true;
    const conj = CONJUNCTIONS.has(tok.norm[k - 1]!);
    if (!comma && !conj) continue;
    const w = tok.norm[k]!;
    let subject = NOMINATIVE.has(w);
    // A noun subject is only trusted after a comma: "drinking and her son's school" joins two nouns.
    if (!subject && (comma || (conj && tok.comma[k - 1] === true))) {
      subject =
        isPersonAt(k) ||
        ROLE_NOUNS.has(w) ||
        (SUBJECT_DETERMINERS.has(w) && k + 1 < to && (isPersonAt(k + 1) || ROLE_NOUNS.has(tok.norm[k + 1]!))) ||
        isCapitalisedName(tok.raw[k]!);
    }
    // Without a comma, a person followed by an auxiliary is a subject: "no phone and worker has been
    // unable to reach them", "denies drinking and her boyfriend is using".
    if (!subject && conj && !comma) {
      const j = SUBJECT_DETERMINERS.has(w) ? k + 1 : k;
      subject = j + 1 < to && AUXILIARIES.has(tok.norm[j + 1]!) && (isPersonAt(j) || ROLE_NOUNS.has(tok.norm[j]!));
    }
    // "no job and the electric company sent a notice": a determiner, a noun or two, then a verb.
    if (!subject && conj && !comma && SUBJECT_DETERMINERS.has(w)) subject = verbSoon(tok, k + 2, Math.min(to, k + 4));
    if (subject) into[k - from] = (comma || tok.comma[k - 1] ? BREAK_COMMA : 0) | (conj ? BREAK_CONJ : 0);
    else if (conj && !comma && tok.norm[k - 1] === 'and' && AUXILIARIES.has(w)) into[k - from] = BREAK_PREDICATE;
  }
  return into;
}

/** Past forms that end no "-ed" and are seldom nouns: a subject's verb after "and the …". */
const IRREGULAR_PAST = new Set([
  'sent',
  'said',
  'told',
  'came',
  'went',
  'left',
  'got',
  'took',
  'gave',
  'made',
  'found',
  'saw',
  'heard',
  'knew',
  'brought',
  'wrote',
  'began',
  'became',
]);

/** An auxiliary or a past verb in tokens [from, to): the verb of a new clause's noun subject. */
function verbSoon(tok: Tokens, from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const w = tok.norm[j]!;
    if (tok.comma[j]) return false;
    if (AUXILIARIES.has(w) || IRREGULAR_PAST.has(w) || (w.length > 4 && w.endsWith('ed'))) return true;
  }
  return false;
}

/** "Jamal", not "DV" or "I". */
export function isCapitalisedName(raw: string): boolean {
  if (raw.length < 2) return false;
  const a = raw.charCodeAt(0);
  const b = raw.charCodeAt(1);
  return a >= 65 && a <= 90 && b >= 97 && b <= 122;
}

/** Is there a clause break at a token in (after, upTo] that `kindMask` counts? */
export function breakBetween(breaks: Uint8Array, from: number, after: number, upTo: number, kindMask: number): boolean {
  for (let k = after + 1; k <= upTo; k++) if (breaks[k - from]! & kindMask) return true;
  return false;
}

/** Words after which a conditional comes before its main clause ("afraid that if she tells …, she will …"). */
const CLAUSE_OPENERS = new Set(['that', 'and', 'but', 'because', 'so', 'then', 'or']);

/**
 * A conditional trigger ("if", "unless", "in case") that opens its sentence or clause, so its
 * consequent follows after a comma; a trailing one ("…evicted if she does not pay, and …") does not.
 */
export function isOpeningConditional(tok: Tokens, from: number, first: number): boolean {
  if (!CONDITIONALS.has(tok.norm[first]!)) return false;
  return first === from || tok.comma[first] === true || CLAUSE_OPENERS.has(tok.norm[first - 1]!);
}

/**
 * Prepositions that can open a fronted time adverbial around a trigger ("In March of last year,",
 * "Until last spring,", "During her last pregnancy,"). Not "for" or "since": "For the past year, she
 * has been …" and "Since 2019, …" reach up to now.
 */
const FRONTING_PREPOSITIONS = new Set([
  'in',
  'at',
  'during',
  'until',
  'till',
  'before',
  'by',
  'around',
  'back',
  'throughout',
]);
/** How many words an opening preposition's phrase may hold before the trigger ("In March of last year"). */
const MAX_FRONT_LEAD = 4;

/**
 * A phrase that opens its sentence and is closed off by a comma within a few words ("As a child,",
 * "Back in 2018,", "In the past,"), or sits inside such an opening prepositional phrase ("In March of
 * last year,"): an adverbial that governs the main clause after the comma.
 */
export function isFrontedAdverbial(tok: Tokens, from: number, t: { first: number; end: number }): boolean {
  if (t.first !== from) {
    if (t.first - from > MAX_FRONT_LEAD || !FRONTING_PREPOSITIONS.has(tok.norm[from]!)) return false;
    for (let k = from + 1; k <= t.first; k++) if (tok.comma[k]) return false;
  }
  for (let k = t.end; k <= t.end + 2 && k < tok.count; k++) if (tok.comma[k]) return true;
  return false;
}

/** A continuative verb in tokens [after, before). */
export function hasContinuative(tok: Tokens, after: number, before: number): boolean {
  for (let k = after; k < before; k++) if (CONTINUATIVE.has(tok.norm[k]!)) return true;
  return false;
}

/** Does the clause holding the mention (from its last break up to it) speak in the past ("was abusive")? */
export function pastClause(tok: Tokens, start: number, mentionFirst: number): boolean {
  for (let k = start; k < mentionFirst; k++) if (PAST.has(tok.norm[k]!)) return true;
  return false;
}

/** "was an alcoholic", "were heavy drinkers": a past identity, not a present one. */
export function pastIdentity(tok: Tokens, from: number, mentionFirst: number): boolean {
  let k = mentionFirst - 1;
  if (k >= from && (tok.norm[k] === 'heavy' || tok.norm[k] === 'daily' || tok.norm[k] === 'regular')) k--;
  if (k >= from && (tok.norm[k] === 'a' || tok.norm[k] === 'an')) k--;
  if (k < from || k === mentionFirst - 1 || (tok.norm[k] !== 'was' && tok.norm[k] !== 'were')) return false;
  // "There was a fight": an event, not who someone was.
  return k === from || tok.norm[k - 1] !== 'there';
}

const MODALS = new Set(['will', 'would', 'could', 'might', 'may', 'can', 'should', 'must', "'ll"]);
const TRAILING_CONDITIONALS = new Set(['if', 'unless', 'in']);

/**
 * A trailing "if"/"unless"/"in case" makes a mention hypothetical only when its clause is itself modal ("will
 * go to a shelter if evicted"), or when the condition follows the mention at once ("eviction if
 * unpaid"); "is homeless and will call if she needs help" keeps the homelessness.
 */
export function trailingConditionalApplies(
  tok: Tokens,
  clauseFrom: number,
  m: { first: number; end: number },
  t: number,
): boolean {
  if (!TRAILING_CONDITIONALS.has(tok.norm[t]!)) return true;
  if (t === m.end) return true;
  for (let k = clauseFrom; k < m.first; k++) if (MODALS.has(tok.norm[k]!)) return true;
  return false;
}

/** Object pronouns: a harm verb followed by one names its victim ("a classmate punched him"). */
export const OBJECT_PRONOUNS = new Set(['him', 'her', 'them', 'me', 'us']);
