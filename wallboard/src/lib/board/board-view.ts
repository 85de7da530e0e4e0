import { projectUnitViewForDisplay } from '@caseload/shared/views';
import type { OverdueItem, Signal, UnitView } from '@caseload/shared';
import { bySignalRecency } from '../format/labels.ts';

/**
 * What the TV may show of a unit, whoever is signed in: the display projection of CONTRACT §3 applied
 * again in the browser, so a lead opening a board on a wall screen leaks no more than a paired TV.
 */
export function boardSafe(view: UnitView): UnitView {
  return projectUnitViewForDisplay(view);
}

export function openSignals(view: UnitView): Signal[] {
  return view.signals.filter((s) => s.status !== 'resolved').sort(bySignalRecency);
}

export function nonTripwires(signals: Signal[]): Signal[] {
  return signals.filter((s) => s.kind !== 'tripwire');
}

export function tripwires(signals: Signal[]): Signal[] {
  return signals.filter((s) => s.kind === 'tripwire');
}

/** Per worker, the kinds of open signal that name them (only ever used where the wall shows names). */
export function badgesByWorker(signals: Signal[]): Map<string, Set<Signal['kind']>> {
  const out = new Map<string, Set<Signal['kind']>>();
  for (const s of signals) {
    if (!s.workerId || s.kind === 'tripwire') continue;
    const set = out.get(s.workerId) ?? new Set();
    set.add(s.kind);
    out.set(s.workerId, set);
  }
  return out;
}

export function mostOverdue(items: OverdueItem[], n: number): OverdueItem[] {
  return [...items].sort((a, b) => b.daysOverdue - a.daysOverdue).slice(0, n);
}

/**
 * The processor's "now" as it moves on locally: `asOf` plus the time since the view arrived. Keeps
 * countdowns ticking between views and right under the event clock of accelerated simulations.
 */
export function effectiveNow(asOf: string, receivedAt: number, localNow: number): number {
  const base = Date.parse(asOf);
  return (Number.isFinite(base) ? base : receivedAt) + Math.max(0, localNow - receivedAt);
}

/** Grid shape for n tiles in an area of the given aspect (width/height), tiles about 1.6:1. */
export function tileGrid(n: number, areaAspect: number, tileAspect = 1.6): { cols: number; rows: number } {
  const count = Math.max(1, n);
  let best = { cols: 1, rows: count, score: -Infinity };
  for (let cols = 1; cols <= count; cols++) {
    const rows = Math.ceil(count / cols);
    // The tile's size when the area is split cols × rows, limited by the tile's aspect.
    const w = areaAspect / cols;
    const h = 1 / rows;
    const size = Math.min(w / tileAspect, h);
    if (size > best.score) best = { cols, rows, score: size };
  }
  return { cols: best.cols, rows: best.rows };
}
