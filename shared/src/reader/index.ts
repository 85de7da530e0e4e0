export * from './finding.ts';
export { readNote, readNoteWithVersion, classifyContext, paragraphSpans, citationAt } from './read-note.ts';
export { defaultDictionary } from './default-dictionary.ts';
export { compileDictionary } from './compile.ts';
