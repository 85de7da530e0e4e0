/** How often views are rebuilt: units some screen holds, and the others. */
export interface RebuildPace {
  watchedMs: number;
  unwatchedMs: number;
  watched: (unitId: string) => boolean;
}

/** Of the units with changes, those whose view is due at `t` (never built: due at once). */
export function dueUnits(
  pending: Iterable<string>,
  lastBuilt: Map<string, number>,
  t: number,
  pace: RebuildPace,
): string[] {
  const out: string[] = [];
  for (const u of pending) {
    const every = pace.watched(u) ? pace.watchedMs : Math.max(pace.watchedMs, pace.unwatchedMs);
    if (t - (lastBuilt.get(u) ?? -Infinity) >= every) out.push(u);
  }
  return out;
}
