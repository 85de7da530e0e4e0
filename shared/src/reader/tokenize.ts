/**
 * Splits a note into word tokens, sentences and paragraphs in one pass, keeping character offsets
 * into the original text. Hyphens and slashes separate words ("self-harm" reads as "self harm");
 * a possessive "'s" is stripped and remembered; a four-digit year reads as the word "<year>".
 */
export interface Tokens {
  count: number;
  start: number[];
  end: number[];
  /** Lower-cased, possessive stripped: what case-insensitive terms match. */
  norm: string[];
  /** As written (possessive stripped): what case-sensitive terms match. */
  raw: string[];
  possessive: boolean[];
  /** Clause number; a semicolon or a sentence end starts a new one and ends every scope. */
  clause: number[];
  /** A comma (or colon or dash) stands between this token and the one before: a possible clause break. */
  comma: boolean[];
}

export interface SentenceSpan {
  start: number;
  end: number;
  /** Tokens [firstToken, endToken). */
  firstToken: number;
  endToken: number;
  paragraph: number;
}

export interface Tokenized {
  tokens: Tokens;
  sentences: SentenceSpan[];
}

const CURLY_APOSTROPHE = /\u2019/g;
const YEAR = /^(19|20)\d\d$/;

const ABBREVIATIONS = new Set([
  'dr',
  'mr',
  'mrs',
  'ms',
  'st',
  'jr',
  'sr',
  'vs',
  'etc',
  'approx',
  'appt',
  'dept',
  'pt',
  'hx',
  'inc',
  'co',
  'no',
]);

function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  // Letters beyond ASCII; not × ÷, the punctuation and symbol blocks (dashes, quotes, bullets), or BOM.
  return (
    c >= 192 && c !== 215 && c !== 247 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && c !== 0xfeff
  );
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 0xa0;
}

/** True when the line starting at `i` (just after a newline) holds only whitespace. */
function blankLineAhead(text: string, i: number): boolean {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (!isSpace(c)) return false;
  }
  return true;
}

function pushSentence(
  sentences: SentenceSpan[],
  start: number,
  end: number,
  firstToken: number,
  endToken: number,
  paragraph: number,
): void {
  sentences.push({ start, end, firstToken, endToken, paragraph });
}

export function emptyTokens(): Tokens {
  return { count: 0, start: [], end: [], norm: [], raw: [], possessive: [], clause: [], comma: [] };
}

/**
 * `into` lets a caller reuse one set of arrays from note to note (fewer allocations on the hot
 * path); entries beyond `count` are stale and never read.
 */
export function tokenize(text: string, into?: Tokens): Tokenized {
  const tokens: Tokens = into ?? emptyTokens();
  tokens.count = 0;
  const sentences: SentenceSpan[] = [];
  let paragraph = 0;
  let paragraphHasText = false;
  let clause = 0;
  let pendingComma = false;
  let sentStart = -1;
  let sentFirstToken = 0;
  let lastContent = -1; // end offset of the last non-space character in the current sentence

  // Closing a sentence is written out where it happens (not a closure): a closure over these
  // counters would keep them in a heap context, read and written on every character.

  const n = text.length;
  // Lower-case once; fall back to per-word when case mapping changes the length (rare scripts).
  const lowered = text.toLowerCase();
  const sameLength = lowered.length === n;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) {
      const s = i;
      let plain = c >= 97 && c <= 122; // lower-case ASCII only: the raw word is its normal form
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isWordChar(d)) {
          if (d < 97 || d > 122) plain = false;
          i++;
        } else if (isApostrophe(d) && i + 1 < n && isWordChar(text.charCodeAt(i + 1))) {
          plain = false;
          i += 2;
        } else if (d === 46 && isDigit(text.charCodeAt(i - 1)) && i + 1 < n && isDigit(text.charCodeAt(i + 1))) i += 2;
        else if (d === 44 && isDigit(text.charCodeAt(i - 1)) && i + 3 < n && isDigit(text.charCodeAt(i + 1)))
          i += 2; // 2,400
        else break;
      }
      let e = i;
      let raw: string;
      let norm: string;
      let possessive = false;
      if (plain) {
        raw = norm = text.slice(s, e);
      } else {
        raw = text.slice(s, e);
        const len = raw.length;
        if (len > 2 && (raw.charCodeAt(len - 1) | 32) === 115 && isApostrophe(raw.charCodeAt(len - 2))) {
          raw = raw.slice(0, len - 2);
          possessive = true;
          e -= 2;
        }
        norm = sameLength ? lowered.slice(s, e) : raw.toLowerCase();
        if (norm.indexOf('\u2019') >= 0) norm = norm.replace(CURLY_APOSTROPHE, "'");
        if (norm.length === 4 && YEAR.test(norm)) norm = '<year>';
      }
      // A plural possessive: friends'
      if (i < n && isApostrophe(text.charCodeAt(i)) && (raw.charCodeAt(raw.length - 1) | 32) === 115) possessive = true;
      if (sentStart < 0) {
        sentStart = s;
        sentFirstToken = tokens.count;
      }
      const k = tokens.count++;
      tokens.start[k] = s;
      tokens.end[k] = e;
      tokens.norm[k] = norm;
      tokens.raw[k] = raw;
      tokens.possessive[k] = possessive;
      tokens.clause[k] = clause;
      tokens.comma[k] = pendingComma;
      pendingComma = false;
      paragraphHasText = true;
      lastContent = i;
      continue;
    }
    if (c === 10) {
      if (sentStart >= 0) pushSentence(sentences, sentStart, lastContent, sentFirstToken, tokens.count, paragraph);
      sentStart = -1;
      sentFirstToken = tokens.count;
      clause++;
      pendingComma = false;
      if (paragraphHasText && blankLineAhead(text, i + 1)) {
        paragraph++;
        paragraphHasText = false;
      }
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    // Punctuation or a symbol: part of the sentence's text.
    if (sentStart < 0) {
      sentStart = i;
      sentFirstToken = tokens.count;
    }
    lastContent = i + 1;
    paragraphHasText = true;
    if (c === 59) clause++;
    else if (c === 44 || c === 58 || c === 0x2014 || c === 0x2013) pendingComma = true;
    if (c === 46 || c === 33 || c === 63) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 32;
      const ends =
        next === 32 || next === 10 || next === 9 || next === 13 || next === 34 || next === 41 || next === 0x201d;
      let isAbbrev = false;
      if (c === 46 && tokens.count > 0 && tokens.end[tokens.count - 1] === i) {
        const prev = tokens.norm[tokens.count - 1]!;
        isAbbrev = ABBREVIATIONS.has(prev) || (prev.length === 1 && !isDigit(prev.charCodeAt(0)));
      }
      if (ends && !isAbbrev) {
        // Keep closing quotes and brackets with the sentence they close.
        let j = i + 1;
        while (j < n && (text.charCodeAt(j) === 34 || text.charCodeAt(j) === 41 || text.charCodeAt(j) === 0x201d)) j++;
        lastContent = j;
        i = j;
        if (sentStart >= 0) pushSentence(sentences, sentStart, lastContent, sentFirstToken, tokens.count, paragraph);
        sentStart = -1;
        sentFirstToken = tokens.count;
        clause++;
        pendingComma = false;
        continue;
      }
    }
    i++;
  }
  if (sentStart >= 0) pushSentence(sentences, sentStart, lastContent, sentFirstToken, tokens.count, paragraph);
  return { tokens, sentences };
}

/** Words of a dictionary phrase, normalised as the tokenizer normalises note text. */
export function phraseWords(phrase: string, caseSensitive: boolean): string[] {
  const { tokens } = tokenize(phrase.replace(/<year>/g, '2000'));
  const words: string[] = [];
  for (let k = 0; k < tokens.count; k++) {
    // A possessive is matched on its stem, so "wit's end" and "wits end" are both listed as written.
    words.push(caseSensitive ? tokens.raw[k]! : tokens.norm[k]!);
  }
  // A wildcard is not a word character: restore `word*` and a lone `*` from the phrase itself.
  const parts = phrase.trim().split(/[\s/-]+/);
  if (parts.some((p) => p.includes('*'))) {
    const out: string[] = [];
    let k = 0;
    for (const p of parts) {
      if (p === '*') out.push('*');
      else if (p.endsWith('*')) out.push(words[k++] + '*');
      else out.push(words[k++]!);
    }
    return out;
  }
  return words;
}
