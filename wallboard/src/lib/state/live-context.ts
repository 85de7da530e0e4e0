import { getContext, setContext } from 'svelte';
import type { LiveStore } from './live.svelte.ts';

const KEY = Symbol('live');

/** Gives the page tree its one live connection. */
export function setLive(store: LiveStore): LiveStore {
  return setContext(KEY, store);
}

export function getLive(): LiveStore {
  const store = getContext<LiveStore | undefined>(KEY);
  if (!store) throw new Error('getLive() outside a page that set up the live connection');
  return store;
}
