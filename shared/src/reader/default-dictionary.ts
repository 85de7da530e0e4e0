import { loadDictionary } from '../dictionary/load.ts';
import type { LoadedDictionary } from '../dictionary/schema.ts';

/** The data dictionary shipped in the repo (shared/dictionary/default.yaml). */
export const defaultDictionary: LoadedDictionary = loadDictionary();
