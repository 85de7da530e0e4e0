import { getContext, setContext } from 'svelte';
import type { UnitDirectory } from './unit-directory.svelte.ts';

const KEY = Symbol('unit-directory');

/** Gives the laptop pages one directory of unit and worker names. */
export function setUnitDirectory(dir: UnitDirectory): UnitDirectory {
  return setContext(KEY, dir);
}

export function getUnitDirectory(): UnitDirectory {
  const dir = getContext<UnitDirectory | undefined>(KEY);
  if (!dir) throw new Error('getUnitDirectory() outside the laptop layout');
  return dir;
}
