/**
 * Ids grouped by unit, kept current on every change to the state. Views and analytics read a unit's
 * workers, cases, notes and contacts many times a second; rescanning the whole partition for them
 * on each flush cost more than the events themselves.
 */
export class GroupIndex {
  private readonly groups = new Map<string, Set<string>>();

  add(key: string, id: string): void {
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = new Set()));
    g.add(id);
  }

  remove(key: string, id: string): void {
    const g = this.groups.get(key);
    if (!g) return;
    g.delete(id);
    if (!g.size) this.groups.delete(key);
  }

  /** Moves `id` from one group to another (no-op when they are the same). */
  move(from: string | undefined, to: string, id: string): void {
    if (from === to) return;
    if (from !== undefined) this.remove(from, id);
    this.add(to, id);
  }

  get(key: string): ReadonlySet<string> | undefined {
    return this.groups.get(key);
  }

  keys(): IterableIterator<string> {
    return this.groups.keys();
  }

  /** Number of ids in all groups (for tests and consistency checks). */
  get size(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.size;
    return n;
  }
}

/** Ids per unit: workers, cases, notes and contacts. */
export interface UnitIndex {
  workers: GroupIndex;
  cases: GroupIndex;
  notes: GroupIndex;
  contacts: GroupIndex;
}
