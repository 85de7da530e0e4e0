import type { LoadedDictionary } from '../dictionary/schema.ts';
import { phraseWords } from './tokenize.ts';
import { FirstSteps, insert, newNode, type TrieNode } from './trie.ts';

/** Trigger classes, as bits: a phrase may belong to several ("denied" is pre- and post-negation). */
export const T = {
  preNeg: 1,
  postNeg: 2,
  pseudo: 4,
  preHyp: 8,
  postHyp: 16,
  historical: 32,
  other: 64,
  household: 128,
  terminator: 256,
  negTerminator: 512,
  expTerminator: 1024,
  histTerminator: 2048,
} as const;

export interface CompiledEntry {
  code: string;
  kind: 'risk' | 'theme';
  redirects: { to: number; words: Set<string> }[];
  ignoresExperiencer: boolean;
  negationApplies: boolean;
  /** A code that partner words redirect to (domestic violence): a former partner is party to it. */
  betweenPartners: boolean;
}

export interface CompiledDictionary {
  version: string;
  entries: CompiledEntry[];
  /** Values: entry indexes; -1 marks a non-mention that only blocks shorter terms. */
  lexiconFolded: TrieNode<number>;
  lexiconExact: TrieNode<number>;
  foldedSteps: FirstSteps<number>;
  exactSteps: FirstSteps<number>;
  /** Values: trigger bits. */
  triggers: TrieNode<number>;
  scope: number;
  prepositions: Set<string>;
}

export const NON_MENTION = -1;

const COPULAS = ['is', 'was', 'are', 'were', 'has been', 'have been'];

const byVersion = new Map<string, CompiledDictionary>();
const byObject = new WeakMap<LoadedDictionary, CompiledDictionary>();

/** The dictionary's lexicon and triggers as tries; compiled once per version and cached. */
export function compileDictionary(d: LoadedDictionary): CompiledDictionary {
  const known = byObject.get(d) ?? byVersion.get(d.version);
  if (known) {
    byObject.set(d, known);
    return known;
  }
  const compiled = build(d);
  byVersion.set(d.version, compiled);
  byObject.set(d, compiled);
  return compiled;
}

function build(d: LoadedDictionary): CompiledDictionary {
  const lexiconFolded = newNode<number>();
  const lexiconExact = newNode<number>();
  const all = [
    ...d.riskCodes.map((e) => ({ e, kind: 'risk' as const })),
    ...d.themes.map((e) => ({ e, kind: 'theme' as const })),
  ];
  const index = new Map(all.map(({ e }, i) => [e.id, i]));
  const entries: CompiledEntry[] = all.map(({ e, kind }) => ({
    code: e.id,
    kind,
    ignoresExperiencer: e.ignoresExperiencer,
    negationApplies: e.negationApplies,
    redirects: e.redirects.flatMap((r) => {
      const to = index.get(r.to);
      return to === undefined ? [] : [{ to, words: new Set(r.whenSentenceHas.map((w) => w.toLowerCase())) }];
    }),
    betweenPartners: false,
  }));
  for (const e of entries) for (const r of e.redirects) entries[r.to]!.betweenPartners = true;
  all.forEach(({ e }, i) => {
    for (const t of e.terms) insert(lexiconFolded, phraseWords(t, false), i);
    for (const t of e.caseSensitiveTerms) insert(lexiconExact, phraseWords(t, true), i);
  });
  for (const t of d.context.nonMentions) insert(lexiconFolded, phraseWords(t, false), NON_MENTION);

  const triggers = newNode<number>();
  const c = d.context;
  const lists: [readonly string[], number][] = [
    [c.preNegation, T.preNeg],
    [c.postNegation, T.postNeg],
    [c.pseudoNegation, T.pseudo],
    [c.hypothetical, T.preHyp],
    [c.postHypothetical, T.postHyp],
    [c.historical, T.historical],
    [c.otherExperiencer, T.other],
    [c.householdMembers, T.household],
    [c.terminators, T.terminator],
    [c.negationTerminators, T.negTerminator],
    [c.experiencerTerminators, T.expTerminator],
    [c.historicalTerminators, T.histTerminator],
  ];
  for (const [phrases, bit] of lists) for (const p of phrases) insert(triggers, phraseWords(p, false), bit);
  // "Drinking is not a concern": the copula would otherwise start the longer pre-negation "is not".
  for (const p of c.postNegation) {
    if (!/^not\s/i.test(p)) continue;
    for (const copula of COPULAS) insert(triggers, phraseWords(`${copula} ${p}`, false), T.postNeg);
  }
  return {
    version: d.version,
    entries,
    lexiconFolded,
    lexiconExact,
    foldedSteps: new FirstSteps(lexiconFolded),
    exactSteps: new FirstSteps(lexiconExact),
    triggers,
    scope: c.maxScopeWords,
    prepositions: new Set(c.prepositions.map((p) => p.toLowerCase())),
  };
}
