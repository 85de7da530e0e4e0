import type { LoadedDictionary } from '../dictionary/schema.ts';
import { analyzeSentence } from './analyze.ts';
import { compileDictionary } from './compile.ts';
import { defaultDictionary } from './default-dictionary.ts';
import { isCurrent, type MentionContext, type NoteFinding, type Reading } from './finding.ts';
import { emptyTokens, tokenize } from './tokenize.ts';

/** Token arrays reused by readNote, which runs to completion before it is called again. */
const scratch = emptyTokens();

/**
 * Reads a note: every mention of a risk code or theme, with its paragraph, exact span and quote,
 * its sentence and its context. Pure and deterministic for a given text and dictionary version.
 */
export function readNote(text: string, dictionary: LoadedDictionary = defaultDictionary): NoteFinding[] {
  const c = compileDictionary(dictionary);
  const { tokens, sentences } = tokenize(text, scratch);
  const findings: NoteFinding[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    if (s.endToken === s.firstToken) continue;
    // Redirects may read the previous sentence of the paragraph, where a pronoun's person is named.
    const prev = i > 0 && sentences[i - 1]!.paragraph === s.paragraph ? sentences[i - 1]!.firstToken : s.firstToken;
    const read = analyzeSentence(c, tokens, s.firstToken, s.endToken, undefined, prev);
    if (!read.length) continue;
    const sentence = text.slice(s.start, s.end);
    for (const { mention, context } of read) {
      const entry = c.entries[mention.entry]!;
      const start = tokens.start[mention.first]!;
      const end = tokens.end[mention.end - 1]!;
      findings.push({
        code: entry.code,
        kind: entry.kind,
        paragraph: s.paragraph,
        start,
        end,
        quote: text.slice(start, end),
        sentence,
        context,
        current: isCurrent(context),
      });
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : 1));
}

/** `readNote` with the dictionary version that produced the findings, as stored with the note. */
export function readNoteWithVersion(text: string, dictionary: LoadedDictionary = defaultDictionary): Reading {
  return { dictionaryVersion: dictionary.version, findings: readNote(text, dictionary) };
}

/**
 * The context of the mention at [start, end) of `sentence` (offsets into `sentence`), so context
 * can be checked on its own. A span outside every word reads as a plain current mention.
 */
export function classifyContext(
  sentence: string,
  span: { start: number; end: number },
  dictionary: LoadedDictionary = defaultDictionary,
): MentionContext {
  const c = compileDictionary(dictionary);
  const { tokens, sentences } = tokenize(sentence);
  let first = -1;
  let last = -1;
  for (let k = 0; k < tokens.count; k++) {
    if (tokens.end[k]! > span.start && tokens.start[k]! < span.end) {
      if (first < 0) first = k;
      last = k;
    }
  }
  const plain: MentionContext = { negated: false, hypothetical: false, historical: false, experiencer: 'client' };
  if (first < 0) return plain;
  const s = sentences.find((x) => x.firstToken <= first && first < x.endToken)!;
  const end = Math.min(last + 1, s.endToken);
  const target = { entry: -1, first, end };
  const read = analyzeSentence(c, tokens, s.firstToken, s.endToken, target);
  return read.find((r) => r.mention === target)?.context ?? plain;
}

/** Character spans of the note's blank-line-separated paragraphs, indexed as findings' `paragraph`. */
export function paragraphSpans(text: string): { start: number; end: number }[] {
  const { sentences } = tokenize(text);
  const spans: { start: number; end: number }[] = [];
  for (const s of sentences) {
    const p = spans[s.paragraph];
    if (p) p.end = s.end;
    else spans[s.paragraph] = { start: s.start, end: s.end };
  }
  return spans;
}

/** The paragraph index and sentence text around a span, as findings cite them (for spans found elsewhere). */
export function citationAt(text: string, start: number): { paragraph: number; sentence: string } {
  const { sentences } = tokenize(text);
  const s =
    sentences.find((x) => x.start <= start && start < Math.max(x.end, x.start + 1)) ??
    sentences.filter((x) => x.start <= start).pop();
  return s ? { paragraph: s.paragraph, sentence: text.slice(s.start, s.end) } : { paragraph: 0, sentence: '' };
}
