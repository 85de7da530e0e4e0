import { describe, expect, it } from 'vitest';
import { FirstSteps, insert, longestAt, newNode, type TrieNode } from './trie.ts';

/** The first steps of `w` straight from the root's edges (what FirstSteps must return). */
function stepsOf<V>(root: TrieNode<V>, w: string): TrieNode<V>[] {
  const out: TrieNode<V>[] = [];
  const exact = root.next.get(w);
  if (exact) out.push(exact);
  for (const p of root.prefixes) if (w.length && w.startsWith(p.prefix)) out.push(p.node);
  if (root.any) out.push(root.any);
  return out;
}

const WORDS = [
  'DV',
  'dv',
  'SI',
  'si',
  'suicide',
  'suicidal',
  'Suicide',
  '5150',
  '51',
  'étude',
  'évict',
  'x',
  'the',
  '<year>',
];

describe('FirstSteps', () => {
  it('skips words whose first character starts no term, and finds the same steps as the root for the rest', () => {
    const exactLexicon = newNode<number>();
    for (const [i, t] of [['DV'], ['SI', 'attempt'], ['5150']].entries()) insert(exactLexicon, t, i);
    const folded = newNode<number>();
    insert(folded, ['suicid*'], 1);
    insert(folded, ['dv'], 2);
    insert(folded, ['évict*'], 3);
    for (const root of [exactLexicon, folded]) {
      const steps = new FirstSteps(root);
      for (const w of WORDS) expect(steps.of(w)).toEqual(stepsOf(root, w));
    }
    // The acronyms start with capitals or digits: a lower-case word leads nowhere without a look-up.
    expect(new FirstSteps(exactLexicon).of('dv')).toEqual([]);
    expect(new FirstSteps(exactLexicon).of('DV')).toHaveLength(1);
  });

  it('lets every word through when the first word may be any word', () => {
    const root = newNode<number>();
    insert(root, ['*', 'overdose'], 1);
    const steps = new FirstSteps(root);
    for (const w of WORDS) expect(steps.of(w)).toEqual([root.any]);
  });
});

describe('longestAt', () => {
  it('finds the longest phrase each time it is called, one call after another', () => {
    const root = newNode<number>();
    insert(root, ['not'], 1);
    insert(root, ['not', 'a', 'concern'], 2);
    const words = ['drinking', 'is', 'not', 'a', 'concern', 'not', 'now'];
    expect(longestAt(root, words, 2, words.length)).toEqual({ end: 5, values: [2] });
    expect(longestAt(root, words, 5, words.length)).toEqual({ end: 6, values: [1] });
    expect(longestAt(root, words, 0, words.length)).toBeUndefined();
    // A covered token stops a phrase before it.
    const covered = Uint8Array.from([0, 0, 0, 0, 1, 0, 0]);
    expect(longestAt(root, words, 2, words.length, covered)).toEqual({ end: 3, values: [1] });
  });
});
