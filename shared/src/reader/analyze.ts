import { NON_MENTION, T, type CompiledDictionary } from './compile.ts';
import type { MentionContext } from './finding.ts';
import type { Tokens } from './tokenize.ts';
import { eachFrom, longestAt, type TrieSink } from './trie.ts';
import {
  BREAK_COMMA,
  BREAK_CONJ,
  BREAK_PREDICATE,
  OBJECT_PRONOUNS,
  breakBetween,
  clauseBreaks,
  hasContinuative,
  isCapitalisedName,
  isFrontedAdverbial,
  isOpeningConditional,
  pastClause,
  pastIdentity,
  trailingConditionalApplies,
} from './clauses.ts';
import { completedSpanEnd, distantPast, lifeStageEnd, TIME_STARTERS } from './life-stage.ts';

/** A lexicon match: tokens [first, end) read as entry `entry`. */
export interface Mention {
  entry: number;
  first: number;
  end: number;
}

/** Words that may stand between a preposition and the person it introduces. */
const DETERMINERS = new Set(['a', 'an', 'the', 'her', 'his', 'their', 'my', 'our', 'your', 'this', 'that', 'one']);

interface Trigger {
  first: number;
  end: number;
  bits: number;
  /** An outsider only as someone's relative ("her neighbor's boyfriend"): a pronoun after them points to the owner. */
  owned: boolean;
  /** A former partner ("her ex-husband"): outside the household, yet party to harm between partners. */
  exPartner: boolean;
  /** Reaches back only: "until" and "for two years" close the clause before them. */
  postOnly: boolean;
  /** A time of life opening the sentence, closed off by a comma a few words on ("When she was pregnant with Ava, …"). */
  fronted: boolean;
}

/** Every trigger has the same fields from the start, so the objects keep one shape. */
function trigger(first: number, end: number, bits: number): Trigger {
  return { first, end, bits, owned: false, exPartner: false, postOnly: false, fronted: false };
}

/** Partner words that "ex" or "former" turn into a former partner. */
const PARTNERS = new Set([
  'partner',
  'boyfriend',
  'girlfriend',
  'husband',
  'wife',
  'spouse',
  'fiance',
  'fiancé',
  'fiancee',
]);
/** Possessive pronouns: before a household word they name whose relative it is. */
const POSSESSIVE_PRONOUNS = new Set(['her', 'his', 'their']);

/**
 * Leftmost-longest lexicon matches in tokens [from, to) (one sentence), separately for risk codes
 * and for themes: a theme may sit inside a risk mention ("lost his job" is a financial crisis and
 * speaks of employment), but two risk codes never share words unless one term lists both.
 */
export function findMentions(
  c: CompiledDictionary,
  tok: Tokens,
  from: number,
  to: number,
  redirectFrom = from,
): Mention[] {
  const out: Mention[] = [];
  const next = [from, from]; // per kind: the first token not yet consumed
  const best = new BestByKind(c);
  for (let k = from; k < to; k++) {
    if (k < next[0]! && k < next[1]!) continue;
    // Most words start no term: their (memoised) first steps are empty and the walk is skipped.
    const folded = c.foldedSteps.of(tok.norm[k]!);
    const exact = c.exactSteps.of(tok.raw[k]!);
    if (!folded.length && !exact.length) continue;
    best.reset();
    if (folded.length) eachFrom(folded, tok.norm, k, to, best);
    if (exact.length) eachFrom(exact, tok.raw, k, to, best);
    for (let kind = 0; kind < 2; kind++) {
      const end = best.end[kind]!;
      if (k < next[kind]! || end === 0) continue;
      for (const v of best.values[kind]!) if (v !== NON_MENTION) out.push({ entry: v, first: k, end });
      next[kind] = end;
    }
  }
  if (out.length) applyRedirects(c, tok, redirectFrom, from, to, out);
  return out;
}

/** The longest match at a position for risk codes (0) and for themes (1); a non-mention counts for both. */
class BestByKind implements TrieSink<number> {
  end = [0, 0];
  values: number[][] = [[], []];
  constructor(private readonly c: CompiledDictionary) {}
  reset() {
    this.end[0] = this.end[1] = 0;
  }
  found(end: number, values: number[]) {
    for (const v of values) {
      if (v === NON_MENTION) {
        this.put(0, end, v);
        this.put(1, end, v);
      } else this.put(this.c.entries[v]!.kind === 'risk' ? 0 : 1, end, v);
    }
  }
  private put(kind: number, end: number, v: number) {
    if (end > this.end[kind]!) {
      this.end[kind] = end;
      this.values[kind] = [v];
    } else if (end === this.end[kind] && !this.values[kind]!.includes(v)) this.values[kind]!.push(v);
  }
}

/** Pronouns that point back to someone named in the previous sentence ("Her boyfriend came home drunk. He hit her."). */
const ANAPHORS = new Set(['he', 'she', 'him', 'his', 'her', 'they', 'them']);

/**
 * A mention whose sentence names, e.g., a partner is read as the redirect's code. When the sentence
 * speaks through pronouns, the previous sentence of the paragraph (from `lookBack`) names who they are.
 */
function applyRedirects(
  c: CompiledDictionary,
  tok: Tokens,
  lookBack: number,
  from: number,
  to: number,
  mentions: Mention[],
): void {
  let start = from;
  if (lookBack < from)
    for (let k = from; k < to && start === from; k++) if (ANAPHORS.has(tok.norm[k]!)) start = lookBack;
  for (const m of mentions) {
    for (const r of c.entries[m.entry]!.redirects) {
      let hit = false;
      for (let k = start; k < to && !hit; k++) hit = r.words.has(tok.norm[k]!);
      if (hit) {
        m.entry = r.to;
        break;
      }
    }
  }
  // Two mentions of one span may now share a code: keep one.
  for (let i = mentions.length - 1; i > 0; i--) {
    const m = mentions[i]!;
    if (mentions.findIndex((x) => x.first === m.first && x.entry === m.entry) < i) mentions.splice(i, 1);
  }
}

/** Is the last person named in tokens [from, to) (not a possessor) outside the household? */
function antecedentIsOther(c: CompiledDictionary, tok: Tokens, from: number, to: number): boolean {
  let last = 0;
  for (let k = from; k < to;) {
    const m = longestAt(c.triggers, tok.norm, k, to);
    if (!m) {
      k++;
      continue;
    }
    let bits = 0;
    for (const b of m.values) bits |= b;
    if (bits & (T.household | T.other) && !tok.possessive[m.end - 1] && !ANAPHORS.has(tok.norm[k]!)) last = bits;
    k = m.end;
  }
  return (last & T.other) !== 0 && (last & T.household) === 0;
}

/** Context triggers in tokens [from, to), skipping tokens that belong to mentions. */
function findTriggers(
  c: CompiledDictionary,
  tok: Tokens,
  from: number,
  to: number,
  covered: Uint8Array,
  mentions: Mention[],
): Trigger[] {
  const out: Trigger[] = [];
  let k = from;
  while (k < to) {
    const isCovered = covered[k - from] === 1;
    let m = isCovered ? undefined : longestAt(c.triggers, tok.norm, k, to, covered, from);
    if (!m && isCovered) {
      // A word that is both a mention and a trigger ("coworker") still sets others' context.
      const whole = longestAt(c.triggers, tok.norm, k, to);
      if (whole && mentions.some((x) => x.first === k && x.end === whole.end)) m = whole;
    } else if (!m && mentionSoonAfter(covered, k - from)) {
      // A trigger that holds a whole mention ("drank heavily in college": "in college" dates the
      // drinking though "college" is also a theme) still counts; one that cuts a mention does not.
      const whole = longestAt(c.triggers, tok.norm, k, to);
      if (whole && mentions.every((x) => x.end <= k || x.first >= whole.end || (x.first >= k && x.end <= whole.end)))
        m = whole;
    }
    if (!m) {
      k++;
      continue;
    }
    let bits = 0;
    for (const b of m.values) bits |= b;
    out.push(trigger(k, m.end, bits));
    k = m.end;
  }
  // "fought with a coworker": a person after a preposition is not the subject.
  for (const t of out) {
    if (!(t.bits & T.other)) continue;
    let k = t.first - 1;
    if (k >= from && DETERMINERS.has(tok.norm[k]!)) k--;
    if (k >= from && c.prepositions.has(tok.norm[k]!)) t.bits &= ~T.other;
  }
  // "client's sister": a possessive household word names whose relative follows, not the household.
  // "neighbour's son": the son belongs to the neighbour, so the household word is absorbed.
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    if (!tok.possessive[t.end - 1]) continue;
    // "mom's drinking", "mom's recent relapse": a household possessor of the mention itself is its experiencer.
    if (t.bits & T.household && !(t.bits & T.other) && !possessesMention(out[i + 1], t.end, from, to, covered))
      t.bits &= ~T.household;
    else if (t.bits & T.other) {
      const u = out[i + 1];
      if (u && u.bits & T.household && u.first - t.end <= 2) {
        u.bits = (u.bits & ~T.household) | T.other;
        u.owned = true;
      }
    }
  }
  // "her ex's new girlfriend": a former partner's partner is outside the household.
  for (const u of out) {
    if (!(u.bits & T.household) || u.bits & T.other) continue;
    for (let k = u.first - 1; k >= from && k >= u.first - 2; k--) {
      if (tok.norm[k] === 'ex' && tok.possessive[k]) {
        u.bits = (u.bits & ~T.household) | T.other;
        u.owned = true;
      }
    }
  }
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    if (!(t.bits & T.household) || t.bits & T.other || !livesElsewhere(tok, t.end, to)) continue;
    t.bits = T.other;
    // People named in the same relative clause live there too ("who lives in Denver with his wife,").
    for (let j = i + 1; j < out.length && !commaBetween(tok, t.end, out[j]!.first); j++) out[j]!.bits &= ~T.household;
  }
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    // "her sister reports her own drinking": the reporter speaks of herself, so the report does not
    // end the reporter's scope.
    if (t.bits & T.expTerminator && OWN_PRONOUNS.has(tok.norm[t.end]!) && tok.norm[t.end + 1] === 'own')
      t.bits &= ~T.expTerminator;
    // "who does not live with the family", "a coworker of the participant": the household word is
    // the object of the outsider phrase.
    const u = out[i + 1];
    if (t.bits & T.other && u && u.bits & T.household) {
      let k = -1;
      if (c.prepositions.has(tok.norm[t.end - 1]!)) k = t.end;
      else if (tok.norm[t.end] === 'of') k = t.end + 1;
      const gap = u.first - k;
      if (k >= 0 && (gap === 0 || (gap === 1 && DETERMINERS.has(tok.norm[k]!)))) u.bits &= ~T.household;
    }
  }
  for (const u of out) {
    // "her ex-husband", "a former boyfriend": a former partner does not live in the household.
    const before = tok.norm[u.first - 1];
    if (
      u.first > from &&
      u.bits & T.household &&
      PARTNERS.has(tok.norm[u.first]!) &&
      (before === 'ex' || before === 'former')
    ) {
      u.bits = (u.bits & ~T.household) | T.other;
      u.exPartner = true;
    }
  }
  ownedByOutsider(tok, from, covered, out);
  reporterPronouns(tok, out);
  ownHomeOfTheCase(tok, from, out);
  addLifeStages(tok, from, to, covered, out);
  // "drinking heavily since the funeral", "worse since her mother died": a time after "since" starts
  // something still going on, so it does not date the mention.
  for (const t of out) if (t.bits & T.historical && sinceBefore(tok, from, t.first)) t.bits &= ~T.historical;
  return out;
}

/** Does a phrase at the sentence start reach a comma within a few words? */
function commaSoon(tok: Tokens, first: number, from: number, end: number, to: number): boolean {
  if (first !== from) return false;
  for (let k = end; k <= end + 5 && k < to; k++) if (tok.comma[k]) return true;
  return false;
}

/** Is there a "since" among the few words before token k, with no comma between? */
function sinceBefore(tok: Tokens, from: number, k: number): boolean {
  for (let j = k - 1; j >= from && j >= k - 4; j--) {
    if (tok.norm[j] === 'since') return true;
    if (tok.comma[j + 1] || tok.clause[j] !== tok.clause[k]) return false;
  }
  return false;
}

/**
 * "Client's sister and her kids are at a shelter", "Mom's friend lets her kids roam": after an
 * outsider, "her kids" are the outsider's, unless an object pronoun in between names someone else
 * ("Client's friend helps her with her kids") or a mention stands between.
 */
function ownedByOutsider(tok: Tokens, from: number, covered: Uint8Array, out: Trigger[]): void {
  let last: Trigger | undefined;
  for (const u of out) {
    if (!(u.bits & (T.household | T.other))) continue;
    const k = u.first - 1;
    if (last && last.bits & T.other && u.bits & T.household && !(u.bits & T.other) && k >= from) {
      // "A stranger attacked her son": after a mention between them, "her son" is the object, and her own.
      const mentionBetween = covered.subarray(last.end - from, k - from).includes(1);
      if (
        POSSESSIVE_PRONOUNS.has(tok.norm[k]!) &&
        !tok.possessive[k] &&
        !mentionBetween &&
        !objectPronounBetween(tok, last.end, k)
      ) {
        u.bits = (u.bits & ~T.household) | T.other;
        u.owned = true;
      }
    }
    last = u;
  }
}

/** Does a mention start right after a possessive ending at token `at`, one word in between at most, with no person first? */
function possessesMention(
  next: Trigger | undefined,
  at: number,
  from: number,
  to: number,
  covered: Uint8Array,
): boolean {
  for (let k = at; k < to && k <= at + 1; k++) {
    if (next && next.first === k) return false;
    if (covered[k - from] === 1) return true;
  }
  return false;
}

/** Verbs that open a description of where someone lives ("lives on her own", "has his own place"). */
const HOME_VERBS = new Set(['lives', 'live', 'living', 'has', 'have', 'resides', 'residing']);

/**
 * "Her son lives on his own" puts the son outside the household; "Client has her own apartment and is
 * behind on rent" does not put the client outside it. A home of one's own only moves a relative: a
 * person word with a possessor or determiner before it, not the case's own bare "Client", "Mom", "She".
 */
function ownHomeOfTheCase(tok: Tokens, from: number, out: Trigger[]): void {
  for (let i = 1; i < out.length; i++) {
    const t = out[i]!;
    if (!(t.bits & T.other) || t.bits & T.household || !HOME_VERBS.has(tok.norm[t.first]!)) continue;
    let r = i - 1;
    while (r >= 0 && !(out[r]!.bits & (T.household | T.other))) r--;
    const p = out[r];
    if (!p || !(p.bits & T.household) || p.bits & T.other) continue;
    // "her son", "Dad's new girlfriend": a possessor or determiner, perhaps with an adjective after it.
    let named = false;
    for (let k = p.first - 1; k >= from && k >= p.first - 2 && !named; k--)
      named = tok.possessive[k] === true || DETERMINERS.has(tok.norm[k]!);
    if (!named) t.bits &= ~T.other;
  }
}

/** Subject pronouns that open a reported clause ("… told the counselor she wants to …"). */
const SUBJECT_PRONOUNS = new Set(['she', 'he', 'they']);
/** How far after a reporting verb its clause's subject may stand ("told the school counselor she"). */
const MAX_REPORT_OBJECT = 4;

/**
 * "Her friend told the counselor she wants to kill herself": when an outsider reports, the pronoun
 * that opens the reported clause is the outsider, not someone in the household. Only when no other
 * person stands between ("The neighbor told worker mom was drunk" names mom).
 */
function reporterPronouns(tok: Tokens, out: Trigger[]): void {
  const person = T.household | T.other;
  for (let i = 1; i < out.length; i++) {
    const verb = out[i]!;
    if (!(verb.bits & T.expTerminator)) continue;
    let r = i - 1;
    while (r >= 0 && !(out[r]!.bits & person)) r--;
    const reporter = out[r];
    if (!reporter || !(reporter.bits & T.other) || reporter.bits & T.household || tok.possessive[reporter.end - 1])
      continue;
    let j = i + 1;
    while (j < out.length && !(out[j]!.bits & person)) j++;
    const p = out[j];
    if (
      !p ||
      p.end !== p.first + 1 ||
      p.first - verb.end > MAX_REPORT_OBJECT ||
      !SUBJECT_PRONOUNS.has(tok.norm[p.first]!)
    )
      continue;
    p.bits = (p.bits & ~T.household) | T.other;
  }
}

function objectPronounBetween(tok: Tokens, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (OBJECT_PRONOUNS.has(tok.norm[k]!)) return true;
  return false;
}

/**
 * Times of life ("when he was 15", "At age 14,") and periods that are over ("lived in a car for
 * several months") as historical triggers, kept in token order.
 */
function addLifeStages(tok: Tokens, from: number, to: number, covered: Uint8Array, out: Trigger[]): void {
  let added = false;
  for (let k = from; k < to; k++) {
    if (!TIME_STARTERS.has(tok.norm[k]!) || covered[k - from]) continue;
    const stage = lifeStageEnd(tok, k, to);
    const span = stage ? 0 : completedSpanEnd(tok, k, to, from);
    const end = stage || span;
    if (!end) continue;
    const first = k > from && tok.norm[k - 1] === 'back' ? k - 1 : k;
    const t = trigger(first, end, T.historical);
    // A period that is over dates what came before it ("drank … until", "lived … for two years").
    t.postOnly = span > 0;
    t.fronted = stage > 0 && commaSoon(tok, first, from, end, to);
    out.push(t);
    added = true;
    k = end - 1;
  }
  if (added) out.sort((a, b) => a.first - b.first || a.end - b.end);
}

function commaBetween(tok: Tokens, from: number, to: number): boolean {
  for (let k = from + 1; k <= to; k++) if (tok.comma[k]) return true;
  return false;
}

const OWN_PRONOUNS = new Set(['her', 'his', 'their']);
const RESIDENCE_VERBS = new Set(['lives', 'living', 'stays', 'staying', 'is', 'was', 'resides', 'moved']);

/**
 * "her mother in Florida", "his son, who lives in Denver": a relative placed in a named place is
 * outside the household, whatever word names them.
 */
function livesElsewhere(tok: Tokens, k: number, to: number): boolean {
  if (k < to && tok.norm[k] === 'who') k++;
  if (k < to && RESIDENCE_VERBS.has(tok.norm[k]!)) k++;
  if (k + 1 >= to) return false;
  // "who lives two hours away", "who lives an hour away": a distance puts them outside the household.
  for (let j = k + 1; j <= k + 3 && j + 1 < to; j++)
    if (DISTANCE_UNITS.has(tok.norm[j]!) && tok.norm[j + 1] === 'away') return true;
  if (tok.norm[k] !== 'in') return false;
  return isCapitalisedName(tok.raw[k + 1]!);
}

/** "two hours away", "an hour away", "20 miles away". */
const DISTANCE_UNITS = new Set(['hour', 'hours', 'mile', 'miles', 'minutes']);

/** Does a mention start within the few words after offset `at`? (Only then can a trigger hold one.) */
function mentionSoonAfter(covered: Uint8Array, at: number): boolean {
  const last = Math.min(covered.length - 1, at + 4);
  for (let j = at + 1; j <= last; j++) if (covered[j] === 1) return true;
  return false;
}

function blocked(triggers: Trigger[], from: number, to: number, mask: number): boolean {
  for (const u of triggers) if (u.first >= from && u.end <= to && u.bits & mask) return true;
  return false;
}

/** One sentence's tokens, triggers and clause breaks, as context rules read them. */
interface SentenceView {
  c: CompiledDictionary;
  tok: Tokens;
  from: number;
  to: number;
  triggers: Trigger[];
  breaks: Uint8Array;
  mentions: Mention[];
}

/**
 * A post-trigger modifies the mention just before it ("eviction prevention program"), or a list of
 * mentions joined by "and"/"or" ("UA and drug screen were negative"), not a mention further back
 * across another one ("enrolled in the eviction prevention program").
 */
function postReaches(v: SentenceView, m: Mention, triggerFirst: number): boolean {
  // A theme word between ("drug screen for the warehouse position was clean") does not stand between
  // a risk mention and its trigger.
  const risk = v.c.entries[m.entry]?.kind !== 'theme';
  const between = v.mentions.filter(
    (o) => o !== m && o.first >= m.end && o.end <= triggerFirst && !(risk && v.c.entries[o.entry]?.kind === 'theme'),
  );
  if (!between.length) return true;
  between.sort((a, b) => a.first - b.first);
  let k = m.end;
  for (const o of between) {
    for (; k < o.first; k++) {
      const w = v.tok.norm[k]!;
      // "UA and drug screen were negative"; "the report of neglect was unfounded" (one noun phrase).
      if (w !== 'and' && w !== 'or' && w !== 'nor' && w !== 'of') return false;
    }
    k = Math.max(k, o.end);
  }
  return true;
}

const ANY_BREAK = BREAK_COMMA | BREAK_CONJ;

/**
 * Does a clause break in (after, upTo] end a pre-trigger's scope? An opening "If …," runs on into
 * its consequent after a comma, and over "and" inside its condition; only ", and she …" ends it.
 */
function hypEnds(v: SentenceView, t: Trigger, upTo: number): boolean {
  if (!isOpeningConditional(v.tok, v.from, t.first)) return clauseEnds(v, t.end - 1, upTo);
  for (let k = t.end; k <= upTo; k++) if ((v.breaks[k - v.from]! & ANY_BREAK) === ANY_BREAK) return true;
  return false;
}

/**
 * Does a clause break in (after, upTo] end a historical pre-trigger's scope? A fronted time
 * adverbial ("As a child, …", "In 2019, …", "Years ago, …") dates its whole main clause; only
 * ", and she …" ends it.
 */
function histEnds(v: SentenceView, t: Trigger, upTo: number): boolean {
  if (!t.fronted && !isFrontedAdverbial(v.tok, v.from, t)) return clauseEnds(v, t.end - 1, upTo);
  for (let k = t.end; k <= upTo; k++) if ((v.breaks[k - v.from]! & ANY_BREAK) === ANY_BREAK) return true;
  return false;
}

function clauseEnds(v: SentenceView, after: number, upTo: number): boolean {
  return breakBetween(v.breaks, v.from, after, upTo, ANY_BREAK);
}

/** The token where the mention's clause starts: the last break before it, or the sentence start. */
function clauseStart(v: SentenceView, m: Mention): number {
  for (let k = m.first; k > v.from; k--) if (v.breaks[k - v.from]! & ANY_BREAK) return k;
  return v.from;
}

/**
 * "A classmate punched Jamal", "a stranger attacked her": someone outside the household harming
 * someone in it is about the case. The victim is named right after the mention.
 */
function victimFollows(v: SentenceView, m: Mention, agentOwned: boolean): boolean {
  // The term names its victim ("hit her", "threatened him"); when the agent is someone's relative
  // ("her neighbor's boyfriend beats her"), the pronoun is that someone.
  const last = m.end - 1;
  if (last > m.first && OBJECT_PRONOUNS.has(v.tok.norm[last]!) && !v.tok.possessive[last]) return !agentOwned;
  // "threatened mom": the term ends with a household member, unless "by" makes that member the agent
  // ("a woman upstairs was beaten by her husband": her own husband).
  if (
    last > m.first &&
    !v.tok.possessive[last] &&
    !OBJECT_PRONOUNS.has(v.tok.norm[last]!) &&
    !agentByPhrase(v.tok, m.first, last)
  ) {
    const person = longestAt(v.c.triggers, v.tok.norm, last, m.end);
    if (person && person.values.some((b) => b & T.household) && !person.values.some((b) => b & T.other)) return true;
  }
  let k = m.end;
  // The victim stands in the mention's clause, right after it ("was charged with assault; he …" is not one).
  if (k >= v.to || v.tok.clause[k] !== v.tok.clause[m.first] || v.tok.comma[k]) return false;
  const w = v.tok.norm[k]!;
  if (OBJECT_PRONOUNS.has(w) && !v.tok.possessive[k]) {
    // "her" may be a determiner: "hit her neighbour" names an outsider, "behind on her rent" no one.
    const next = v.triggers.find((t) => t.first === k + 1);
    if (next && next.bits & T.other) return false;
    if (!(w === 'her' && herIsDeterminer(v, k))) return true;
  }
  if (DETERMINERS.has(w)) k++;
  // "the client's son": a household possessor names whose relative is harmed.
  if (k < v.to && v.tok.possessive[k]) {
    const owner = v.triggers.find((t) => t.first === k);
    if (!owner || !(owner.bits & T.other)) k++;
  }
  const person = v.triggers.find((t) => t.first === k);
  if (person) return (person.bits & T.household) !== 0 && (person.bits & T.other) === 0;
  return k < v.to && k === m.end && isCapitalisedName(v.tok.raw[k]!);
}

/** Is the word at `last` the agent of a passive ("beaten by her husband"): "by", a determiner at most, then it? */
function agentByPhrase(tok: Tokens, first: number, last: number): boolean {
  const k = DETERMINERS.has(tok.norm[last - 1]!) ? last - 2 : last - 1;
  return k >= first && tok.norm[k] === 'by';
}

/** Words after which "her" is an object ("hit her with a belt", "hit her again"), not a determiner. */
const AFTER_OBJECT_HER = new Set([
  'and',
  'or',
  'but',
  'with',
  'in',
  'at',
  'on',
  'to',
  'for',
  'from',
  'by',
  'about',
  'into',
  'against',
  'again',
  'when',
  'while',
  'after',
  'before',
  'until',
  'because',
  'so',
  'if',
  'last',
  'yesterday',
  'today',
  'tonight',
  'twice',
  'once',
  'several',
  'multiple',
  'up',
  'down',
  'out',
  'off',
  'back',
  'during',
  'over',
  'around',
  'that',
  'as',
  'outside',
  'inside',
  'near',
  'behind',
  'across',
  'through',
  'without',
  'under',
  'then',
  'next',
  'hard',
]);

/** "behind on her rent": "her" followed, in the same clause, by a word that is not a preposition, conjunction or adverb. */
function herIsDeterminer(v: SentenceView, k: number): boolean {
  const n = k + 1;
  if (n >= v.to || v.tok.clause[n] !== v.tok.clause[k] || v.tok.comma[n]) return false;
  const w = v.tok.norm[n]!;
  return !AFTER_OBJECT_HER.has(w) && !v.c.prepositions.has(w) && !w.endsWith('ly');
}

/**
 * "worried about her son's drinking": a worry about what a named person does is about something
 * going on, unlike "worried about becoming homeless".
 */
function concernAboutSomeone(tok: Tokens, t: Trigger): boolean {
  if (tok.norm[t.end - 1] !== 'about') return false;
  const k = DETERMINERS.has(tok.norm[t.end]!) && !tok.possessive[t.end] ? t.end + 1 : t.end;
  return tok.possessive[k] === true;
}

/** NegEx / ConText: how each mention stands, given the sentence's triggers. */
function contextOf(v: SentenceView, m: Mention): MentionContext {
  const { c, tok, triggers } = v;
  let negated = false;
  let hypothetical = false;
  let historical = false;
  let expDist = Infinity;
  let other = false;
  let otherAgent = false;
  let agentOwned = false;
  let exPartner = false;
  const clause = tok.clause[m.first];
  const scope = c.scope;
  const postScope = Math.ceil(scope / 2);
  const negStop = T.terminator | T.negTerminator;
  for (const t of triggers) {
    if (t.end <= m.first) {
      const dist = m.first - t.end;
      if (tok.clause[t.end - 1] !== clause) continue;
      // An opening "If …," or "As a child, …" governs its whole main clause, however long.
      if (
        dist > scope &&
        !(isOpeningConditional(tok, v.from, t.first) || t.fronted || isFrontedAdverbial(tok, v.from, t))
      )
        continue;
      if (
        t.bits & T.preNeg &&
        !blocked(triggers, t.end, m.first, negStop) &&
        !breakBetween(v.breaks, v.from, t.end - 1, m.first, ANY_BREAK | BREAK_PREDICATE)
      )
        negated = true;
      // An opening conditional governs its whole consequent, reporting verbs included ("if she reports him, …").
      const hypStop = isOpeningConditional(tok, v.from, t.first) ? T.terminator : negStop;
      // "if he keeps drinking": the condition takes the drinking as going on now.
      if (
        t.bits & T.preHyp &&
        !concernAboutSomeone(tok, t) &&
        !blocked(triggers, t.end, m.first, hypStop) &&
        !hypEnds(v, t, m.first) &&
        !hasContinuative(tok, t.end, Math.min(m.end + 3, v.to))
      )
        hypothetical = true;
      if (
        t.bits & T.historical &&
        !t.postOnly &&
        !blocked(triggers, t.end, m.first, T.terminator | T.histTerminator) &&
        !histEnds(v, t, m.first)
      )
        historical = true;
      if (t.bits & (T.other | T.household) && dist <= expDist) {
        if (!blocked(triggers, t.end, m.first, T.terminator | T.expTerminator) && !clauseEnds(v, t.end - 1, m.first)) {
          expDist = dist;
          other = (t.bits & T.household) === 0;
          otherAgent = other && !tok.possessive[t.end - 1];
          agentOwned = t.owned === true;
          exPartner = t.exPartner === true;
        }
      }
    } else if (t.first >= m.end) {
      const dist = t.first - m.end;
      if (dist > scope || tok.clause[t.first] !== clause) continue;
      const sameClause = !clauseEnds(v, m.end - 1, t.first);
      // Post-triggers of negation and hypothesis reach back only a few words ("UA on 11/14 was negative").
      if (
        t.bits & (T.postNeg | T.postHyp) &&
        dist <= postScope &&
        sameClause &&
        !blocked(triggers, m.end, t.first, negStop) &&
        postReaches(v, m, t.first)
      ) {
        if (t.bits & T.postNeg) negated = true;
        if (t.bits & T.postHyp && trailingConditionalApplies(tok, clauseStart(v, m), m, t.first)) hypothetical = true;
      }
      // "history of …", "after eight months of …" date what follows them, not what comes before
      // ("relapsed on Saturday after eight months of sobriety").
      if (t.bits & T.historical && tok.norm[t.end - 1] !== 'of') {
        const overBut = blocked(triggers, m.end, t.first, T.terminator);
        if (sameClause && !overBut) historical = true;
        // "was abusive but they separated in 2018": a dated ending after "but" dates a past-tense mention.
        else if (overBut && pastClause(tok, clauseStart(v, m), m.first)) historical = true;
      }
    }
  }
  // "a DUI in college": a historical phrase that holds the mention dates it.
  for (const t of triggers)
    if (t.bits & T.historical && t.first <= m.first && t.end >= m.end && t.end - t.first > m.end - m.first)
      historical = true;
  // "was an alcoholic": who someone was, for risk terms ("was a no-show" is an event).
  if (c.entries[m.entry]?.kind !== 'theme' && pastIdentity(tok, v.from, m.first)) historical = true;
  // An outsider as the agent of harm to someone named after the mention: the harm is the household's.
  if (otherAgent && victimFollows(v, m, agentOwned)) other = false;
  const entry = c.entries[m.entry];
  // Harm between partners involves the household member, whichever partner the sentence names.
  if (exPartner && entry?.betweenPartners) other = false;
  const experiencer = other && entry?.ignoresExperiencer !== true ? 'other' : 'client';
  return { negated: negated && entry?.negationApplies !== false, hypothetical, historical, experiencer };
}

/** Mentions of one sentence with their context. `extra` forces a span to count as a mention. */
export function analyzeSentence(
  c: CompiledDictionary,
  tok: Tokens,
  from: number,
  to: number,
  extra?: Mention,
  redirectFrom = from,
): { mention: Mention; context: MentionContext }[] {
  const mentions = findMentions(c, tok, from, to, redirectFrom);
  if (extra) mentions.push(extra);
  if (!mentions.length) return [];
  const covered = new Uint8Array(to - from);
  for (const m of mentions) covered.fill(1, m.first - from, m.end - from);
  const triggers = findTriggers(c, tok, from, to, covered, mentions);
  if (redirectFrom < from && ANAPHORS.has(tok.norm[from]!)) {
    // "Client's neighbor stopped by. He was evicted last week.": the opening pronoun is the person
    // last named in the sentence before.
    const lead = triggers.find((t) => t.first === from);
    if (lead && lead.bits & T.household && antecedentIsOther(c, tok, redirectFrom, from))
      for (const t of triggers) if (tok.norm[t.first] === tok.norm[from] && t.end === t.first + 1) t.bits = T.other;
  }
  // A person word at token k (an inline callback: a named one is re-wrapped on every call under tsx).
  const breaks = clauseBreaks(
    tok,
    from,
    to,
    (k: number) => triggers.some((t) => t.first === k && (t.bits & (T.household | T.other)) !== 0),
    new Uint8Array(to - from),
  );
  const view: SentenceView = { c, tok, from, to, triggers, breaks, mentions };
  const read = mentions.map((mention) => ({ mention, context: contextOf(view, mention) }));
  // "Client discussed her childhood. Her father drank …": a sentence that only sets a time in the
  // past frames a simple-past sentence after it.
  if (
    redirectFrom < from &&
    from - redirectFrom <= MAX_FRAME_WORDS &&
    distantPast(tok, from, to) &&
    setsPastFrame(c, tok, redirectFrom, from)
  )
    for (const r of read) r.context.historical = true;
  return read;
}

/** A sentence that only sets a time is short ("Client discussed her childhood."). */
const MAX_FRAME_WORDS = 8;

/** Does tokens [from, to) (a sentence) name a past time and no mention of its own? */
function setsPastFrame(c: CompiledDictionary, tok: Tokens, from: number, to: number): boolean {
  let frame = false;
  for (let k = from; k < to;) {
    const m = longestAt(c.triggers, tok.norm, k, to);
    if (!m) {
      k++;
      continue;
    }
    for (const b of m.values) if (b & T.historical) frame = true;
    k = m.end;
  }
  return frame && findMentions(c, tok, from, to).length === 0;
}
