import type { Tokens } from './tokenize.ts';

/**
 * Times of life that date what they govern: "when he was 15", "At age 14,", "until she was 25",
 * "when the older children were small", "back when he lived in Texas". Read from closed-class
 * words and numbers (an age cannot be listed phrase by phrase), so they live here, not in the
 * dictionary.
 */

/** Prepositions that make "age 14" a time ("at age 14"), not a description ("a child, age 4, …"). */
const AGE_PREPOSITIONS = new Set(['at', 'from', 'by', 'until', 'till']);
/** Subordinators whose past-tense clause can name a time of life. */
const WHEN = new Set(['when', 'until', 'till']);
const PAST_BE = new Set(['was', 'were']);
/** "when she lived in …", "when they were living with …": a past residence. */
const PAST_RESIDENCE = new Set(['lived', 'living', 'stayed']);
/** Life stages after "when she was (a) …". */
const STAGES = new Set([
  'younger',
  'little',
  'small',
  'young',
  'baby',
  'child',
  'kid',
  'toddler',
  'teen',
  'teenager',
  'minor',
  'juvenile',
  'adolescent',
  'infant',
  'boy',
  'girl',
  'babies',
  'kids',
  'children',
  'toddlers',
  'teens',
  'teenagers',
  'infants',
  'minors',
  'pregnant',
  // "when the twins were born": the birth dates what the sentence tells of it.
  'born',
]);
/** Words that can start a time-of-life phrase: most words cannot, and are passed over at once. */
const STARTERS = new Set(['at', 'from', 'by', 'until', 'till', 'when', 'while']);
/** Words that can start a time-of-life phrase or a period that is over ("for two years", "until"). */
export const TIME_STARTERS: ReadonlySet<string> = new Set([...STARTERS, 'for']);
/** Words after a bare age that show "at 19" is an age ("at 15 and again at 19", "evicted at 22, …"). */
const AFTER_BARE_AGE = new Set(['and', 'or', 'but', 'when', 'after', 'before', 'while', 'again', 'until']);
/** "when he was in high school", "in 7th grade", "in college". */
const SCHOOL_STAGES = new Set(['high', 'middle', 'elementary', 'junior', 'college', 'school', 'grade']);
const NUMBER_WORDS = new Set([
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
]);

function isTwoDigitAge(w: string | undefined): boolean {
  if (w === undefined || w.length !== 2) return false;
  const n = Number(w);
  return Number.isInteger(n) && n >= 10 && n <= 59;
}

/** "Ohio", "Texas": a capitalised word (not an abbreviation such as "DV"). */
function isPlaceName(raw: string): boolean {
  const a = raw.charCodeAt(0);
  const b = raw.charCodeAt(1);
  return raw.length > 1 && a >= 65 && a <= 90 && b >= 97 && b <= 122;
}

/** Quantities before a unit of time: "for two years", "for several months", "for about a year". */
const QUANTITIES = new Set([
  'a',
  'an',
  'one',
  'two',
  'three',
  'four',
  'several',
  'few',
  'many',
  'some',
  'about',
  'nearly',
  'almost',
  'over',
]);
const LONG_UNITS = new Set(['month', 'months', 'year', 'years', 'decade', 'decades']);
/** Words that put a clause in the present or present perfect ("has been homeless for two years"). */
const PRESENT = new Set([
  'has',
  'have',
  'been',
  'is',
  'are',
  'am',
  'currently',
  'now',
  'still',
  'remains',
  'continues',
  'lives',
  'stays',
  'uses',
  'drinks',
]);
const PAST_MARKERS = new Set(['was', 'were', 'lived', 'stayed', 'slept', 'spent', 'drank', 'used', 'went', 'had']);

/**
 * "lived in a car for several months", "was homeless for two years": a simple-past clause with a
 * duration of months or years, or an "until", tells of a period that is over. Returns the phrase's
 * end or 0; its clause (from the sentence start `clauseFrom`, or the last semicolon) must be in the
 * simple past, with nothing in the present.
 */
export function completedSpanEnd(tok: Tokens, k: number, to: number, clauseFrom: number): number {
  let end: number;
  if (tok.norm[k] === 'until') {
    // "smoked daily until she found out she was pregnant": what went on until then has stopped.
    end = k + 1;
  } else if (tok.norm[k] === 'for') {
    let q = k + 1;
    for (let n = 0; n < 3 && q < to && !LONG_UNITS.has(tok.norm[q]!); n++, q++) {
      const w = tok.norm[q]!;
      if (!QUANTITIES.has(w) && !isAge(w)) return 0;
    }
    if (q === k + 1 || q >= to || !LONG_UNITS.has(tok.norm[q]!)) return 0;
    end = q + 1;
  } else return 0;
  // The clause holding the phrase: a semicolon starts a new one.
  let start = k;
  while (start > clauseFrom && tok.clause[start - 1] === tok.clause[k]) start--;
  return simplePast(tok, start, k) ? end : 0;
}

/** Words that bring a past-tense sentence close to now ("on Saturday", "last night", "again"). */
const RECENT = new Set([
  'today',
  'yesterday',
  'tonight',
  'recently',
  'again',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);

/** Units that "last" or "this" bring near now. */
const RECENT_UNITS = new Set(['night', 'week', 'weekend', 'morning', 'month', 'evening']);

/** A sentence wholly in the simple past with nothing that dates it near now: it can take a time frame from the sentence before. */
export function distantPast(tok: Tokens, from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const w = tok.norm[j]!;
    if (RECENT.has(w)) return false;
    // "last night", "this week" (but not "every night")
    if ((w === 'last' || w === 'this') && j + 1 < to && RECENT_UNITS.has(tok.norm[j + 1]!)) return false;
  }
  return simplePast(tok, from, to);
}

/** Is tokens [from, to) a clause in the simple past, with nothing that puts it in the present or future? */
function simplePast(tok: Tokens, from: number, to: number): boolean {
  let past = false;
  for (let j = from; j < to; j++) {
    const w = tok.norm[j]!;
    if (PRESENT.has(w) || w === 'will' || w === "'ll") return false;
    if (PAST_MARKERS.has(w) || (w.length > 4 && w.endsWith('ed'))) past = true;
  }
  return past;
}

/** A plausible age in years: 1–99 in digits, or a number word. */
export function isAge(w: string | undefined): boolean {
  if (w === undefined) return false;
  if (NUMBER_WORDS.has(w)) return true;
  if (w.length < 1 || w.length > 2) return false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return w !== '0';
}

/**
 * The end (exclusive) of a time-of-life phrase starting at token k, or 0. The clause "when <subject>
 * was|were <age or stage>" is matched with a subject of at most three words, and never across a comma.
 */
export function lifeStageEnd(tok: Tokens, k: number, to: number): number {
  const w = tok.norm[k]!;
  if (!STARTERS.has(w)) return 0;
  if (AGE_PREPOSITIONS.has(w)) {
    // "at age 14", "from age 9 to 17", "at the age of 14"
    if (tok.norm[k + 1] === 'age' && k + 2 < to && isAge(tok.norm[k + 2])) return k + 3;
    if (w === 'at' && tok.norm[k + 1] === 'the' && tok.norm[k + 2] === 'age' && tok.norm[k + 3] === 'of')
      return k + 4 < to && isAge(tok.norm[k + 4]) ? k + 5 : 0;
    // "at 15 and again at 19": a bare two-digit number closed off by a conjunction or the clause end.
    if (w === 'at' && isTwoDigitAge(tok.norm[k + 1]) && k + 1 < to) {
      const next = k + 2 < to ? tok.norm[k + 2]! : '';
      if (k + 2 >= to || tok.comma[k + 2] || tok.clause[k + 2] !== tok.clause[k] || AFTER_BARE_AGE.has(next))
        return k + 2;
    }
    if (!WHEN.has(w)) return 0;
  }
  // "while living in Ohio", "when living in Texas": a past residence named by its place.
  if ((w === 'while' || w === 'when') && tok.norm[k + 1] === 'living' && tok.norm[k + 2] === 'in' && k + 3 < to)
    return isPlaceName(tok.raw[k + 3]!) ? k + 4 : 0;
  if (!WHEN.has(w)) return 0;
  for (let p = k + 2; p <= k + 4 && p < to; p++) {
    if (tok.comma[p]) return 0;
    const v = tok.norm[p]!;
    if (PAST_RESIDENCE.has(v) && v !== 'living') return p + 1;
    if (!PAST_BE.has(v)) continue;
    let q = p + 1;
    if (q >= to || tok.comma[q]) return 0;
    if (tok.norm[q] === 'living') return q + 1;
    if (tok.norm[q] === 'a' || tok.norm[q] === 'an') q++;
    if (q < to && (isAge(tok.norm[q]) || STAGES.has(tok.norm[q]!))) return q + 1;
    if (tok.norm[q] === 'in' && q + 1 < to && SCHOOL_STAGES.has(tok.norm[q + 1]!)) return q + 2;
    return 0;
  }
  return 0;
}
