import { loadDictionary } from '../dictionary/load.ts';
import type { LoadedDictionary } from '../dictionary/schema.ts';

/**
 * An object that reads and validates the YAML behind it on first use, then behaves as that frozen
 * object. Importing the package (the wallboard does, for its schemas) no longer pays for parsing
 * the dictionary; the first reader does, once. The object's identity never changes, so caches keyed
 * by it (the compiled lexicon) keep working.
 */
export function lazyDictionary(load: () => LoadedDictionary): LoadedDictionary {
  const target = {} as LoadedDictionary;
  let loaded = false;
  const ensure = () => {
    if (loaded) return;
    Object.assign(target, load());
    Object.freeze(target);
    loaded = true;
  };
  return new Proxy(target, {
    get: (t, k) => (ensure(), Reflect.get(t, k)),
    has: (t, k) => (ensure(), Reflect.has(t, k)),
    ownKeys: (t) => (ensure(), Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, k) => (ensure(), Reflect.getOwnPropertyDescriptor(t, k)),
    // Read-only, loaded or not.
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    isExtensible: (t) => (ensure(), Reflect.isExtensible(t)),
    preventExtensions: (t) => (ensure(), Reflect.preventExtensions(t)),
  });
}

/** The data dictionary shipped in the repo (shared/dictionary/default.yaml), loaded on first use. */
export const defaultDictionary: LoadedDictionary = lazyDictionary(() => loadDictionary());
