/**
 * A word trie: phrases of words, where `word*` matches any word starting with `word` and a lone
 * `*` matches any one word. Built once per dictionary; matching walks token arrays, so reading a
 * note constructs no regular expression.
 */
export interface TrieNode<V> {
  next: Map<string, TrieNode<V>>;
  prefixes: { prefix: string; node: TrieNode<V> }[];
  /** The same prefix edges by first character, so a word tries only those that can match. */
  prefixesByChar: Map<string, { prefix: string; node: TrieNode<V> }[]>;
  any: TrieNode<V> | undefined;
  values: V[];
}

export function newNode<V>(): TrieNode<V> {
  return { next: new Map(), prefixes: [], prefixesByChar: new Map(), any: undefined, values: [] };
}

export function insert<V>(root: TrieNode<V>, words: string[], value: V): void {
  let node = root;
  for (const w of words) {
    if (w === '*') {
      node.any ??= newNode();
      node = node.any;
    } else if (w.endsWith('*')) {
      const prefix = w.slice(0, -1);
      let edge = node.prefixes.find((p) => p.prefix === prefix);
      if (!edge) {
        edge = { prefix, node: newNode() };
        node.prefixes.push(edge);
        const bucket = node.prefixesByChar.get(prefix[0] ?? '') ?? [];
        bucket.push(edge);
        node.prefixesByChar.set(prefix[0] ?? '', bucket);
      }
      node = edge.node;
    } else {
      let child = node.next.get(w);
      if (!child) {
        child = newNode();
        node.next.set(w, child);
      }
      node = child;
    }
  }
  if (!node.values.includes(value)) node.values.push(value);
}

/** Receives every phrase found at a position (a class, not a closure: the hot path allocates none). */
export interface TrieSink<V> {
  found(end: number, values: V[]): void;
}

/** Calls `sink.found(end, values)` for every phrase that starts at token `from` and ends before `limit`. */
export function eachAt<V>(root: TrieNode<V>, words: string[], from: number, limit: number, sink: TrieSink<V>): void {
  walkAll(root, words, from, from, limit, sink);
}

function walkAll<V>(node: TrieNode<V>, words: string[], from: number, k: number, limit: number, sink: TrieSink<V>) {
  if (node.values.length && k > from) sink.found(k, node.values);
  if (k >= limit) return;
  const w = words[k]!;
  const exact = node.next.get(w);
  if (exact) walkAll(exact, words, from, k + 1, limit, sink);
  if (node.prefixes.length) {
    const bucket = node.prefixesByChar.get(w[0] ?? '');
    if (bucket) for (const p of bucket) if (w.startsWith(p.prefix)) walkAll(p.node, words, from, k + 1, limit, sink);
  }
  if (node.any) walkAll(node.any, words, from, k + 1, limit, sink);
}

const NO_STEPS: never[] = [];

/**
 * The nodes one word leads to from `root` (exact, prefix and any-word edges), memoised per word:
 * words repeat from note to note, and most lead nowhere. The memo stops growing at `cap` words.
 */
export class FirstSteps<V> {
  private readonly memo = new Map<string, TrieNode<V>[]>();
  /**
   * ASCII first characters that can start a step (1), so a word starting otherwise leads nowhere
   * without a memo look-up: the case-sensitive lexicon (acronyms) starts no lower-case word. Read
   * from the root once: build a FirstSteps only over a finished trie (compile.ts does).
   */
  private readonly starts = new Uint8Array(128);
  constructor(
    private readonly root: TrieNode<V>,
    private readonly cap = 200_000,
  ) {
    const firsts = [...root.next.keys(), ...root.prefixes.map((p) => p.prefix)];
    // A wildcard first word, or an empty prefix, can start with anything.
    if (root.any || firsts.some((w) => w.length === 0)) this.starts.fill(1);
    for (const w of firsts) if (w.length && w.charCodeAt(0) < 128) this.starts[w.charCodeAt(0)] = 1;
  }

  of(w: string): TrieNode<V>[] {
    const c0 = w.charCodeAt(0);
    if (c0 < 128 && this.starts[c0] === 0) return NO_STEPS as TrieNode<V>[];
    const known = this.memo.get(w);
    if (known) return known;
    const steps: TrieNode<V>[] = [];
    const exact = this.root.next.get(w);
    if (exact) steps.push(exact);
    const bucket = this.root.prefixesByChar.get(w[0] ?? '');
    if (bucket) for (const p of bucket) if (w.startsWith(p.prefix)) steps.push(p.node);
    if (this.root.any) steps.push(this.root.any);
    const out = steps.length ? steps : (NO_STEPS as TrieNode<V>[]);
    if (this.memo.size < this.cap) this.memo.set(w, out);
    return out;
  }
}

/** `eachAt` for a word already stepped over: walks on from `steps` at token `from + 1`. */
export function eachFrom<V>(
  steps: TrieNode<V>[],
  words: string[],
  from: number,
  limit: number,
  sink: TrieSink<V>,
): void {
  for (const node of steps) walkAll(node, words, from, from + 1, limit, sink);
}

export interface TrieMatch<V> {
  /** Exclusive end token. */
  end: number;
  values: V[];
}

class Longest<V> implements TrieSink<V> {
  end = 0;
  values: V[] = [];
  found(end: number, values: V[]) {
    if (end > this.end) {
      this.end = end;
      this.values = values;
    }
  }
}

/** One sink for every `longestAt` call: a walk never starts another, and the result is copied out. */
const LONGEST = new Longest<unknown>();

/**
 * The longest phrase starting at token `from` and ending before `limit`, or undefined. `covered`
 * (indexed from `offset`) marks tokens a phrase may not run over.
 */
export function longestAt<V>(
  root: TrieNode<V>,
  words: string[],
  from: number,
  limit: number,
  covered?: Uint8Array,
  offset = 0,
): TrieMatch<V> | undefined {
  let end = limit;
  if (covered)
    for (let k = from; k < limit; k++)
      if (covered[k - offset] === 1) {
        end = k;
        break;
      }
  const best = LONGEST as Longest<V>;
  best.end = 0;
  walkAll(root, words, from, from, end, best);
  return best.end ? { end: best.end, values: best.values } : undefined;
}
