import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode, type Node as YamlNode } from 'yaml';
import { Dictionary, type LoadedDictionary } from './schema.ts';

export class DictionaryError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { line: number; path: string; message: string }[],
  ) {
    super(
      `invalid data dictionary ${file}:\n${problems.map((p) => `  line ${p.line}: ${p.path}: ${p.message}`).join('\n')}`,
    );
    this.name = 'DictionaryError';
  }
}

export const DEFAULT_DICTIONARY_PATH = fileURLToPath(new URL('../../dictionary/default.yaml', import.meta.url));

/**
 * Parses and validates a dictionary's YAML text. Every problem names its line. The version is the
 * revision plus a hash of the text, so any edit to the file changes it.
 */
export function parseDictionary(text: string, file = '<dictionary>'): LoadedDictionary {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    throw new DictionaryError(
      file,
      doc.errors.map((e) => ({
        line: lines.linePos(e.pos[0]).line,
        path: '(yaml)',
        message: e.message.split('\n')[0]!,
      })),
    );
  }
  const parsed = Dictionary.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new DictionaryError(
      file,
      parsed.error.issues.map((i) => {
        // Walk up the path until a node exists (a missing key points at its parent).
        let line = 1;
        for (let n = i.path.length; n >= 0; n--) {
          const node = doc.getIn(i.path.slice(0, n) as (string | number)[], true);
          if (isNode(node) && (node as YamlNode).range) {
            line = lines.linePos((node as YamlNode).range![0]).line;
            break;
          }
        }
        return { line, path: i.path.join('.') || '(root)', message: i.message };
      }),
    );
  }
  const ids = new Set<string>();
  const dupes: { line: number; path: string; message: string }[] = [];
  for (const group of ['riskCodes', 'themes'] as const) {
    parsed.data[group].forEach((c, idx) => {
      if (ids.has(c.id)) dupes.push({ line: 1, path: `${group}.${idx}.id`, message: `duplicate code ${c.id}` });
      ids.add(c.id);
    });
  }
  if (dupes.length) throw new DictionaryError(file, dupes);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return { ...parsed.data, version: `${parsed.data.revision}+${hash}` };
}

export function loadDictionary(path = DEFAULT_DICTIONARY_PATH): LoadedDictionary {
  return parseDictionary(readFileSync(path, 'utf8'), path);
}
