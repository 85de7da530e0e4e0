import type { CaseloadEvent } from '@caseload/shared';
import { Simulation, type Scale } from '@caseload/shared/sim';

/**
 * The bench's events, from the deterministic simulator: the opening (sites, units, workers, the
 * open caseloads) and then a few days of daily flow (contacts, notes, supervision, transfers …)
 * ending now, so that with the wall clock the events land in the processor's windows and change
 * the views the screens hold. The flow is replayed in cycles to last as long as the bench needs;
 * each replay gets fresh event, note and contact ids so that nothing is a duplicate.
 */
export interface CountyLoad {
  scale: Scale;
  opening: CaseloadEvent[];
  flow: CaseloadEvent[];
  /** Unit ids in roster order, and each unit's site. */
  units: { unitId: string; siteId: string }[];
}

export function buildCountyLoad(opts: { scale: Scale; seed: number; flowDays: number; nowMs: number }): CountyLoad {
  const sim = new Simulation({
    scale: opts.scale,
    seed: opts.seed,
    startMs: opts.nowMs - opts.flowDays * 86_400_000,
    untilMs: opts.nowMs,
  });
  const openingSize = sim.openingSize;
  const opening: CaseloadEvent[] = [];
  const flow: CaseloadEvent[] = [];
  for (const item of sim) (opening.length < openingSize ? opening : flow).push(item.event);
  const units = sim.sites.flatMap((s) => s.units.map((u) => ({ unitId: u.unitId, siteId: s.siteId })));
  return { scale: opts.scale, opening, flow, units };
}

/** The flow event for replay `cycle` (0: as simulated), with ids no earlier replay used. */
export function replayed(e: CaseloadEvent, cycle: number): CaseloadEvent {
  if (cycle === 0) return e;
  const tag = `-r${cycle.toString(36)}`;
  const data: Record<string, unknown> = { ...e.data };
  for (const key of ['noteId', 'contactId'] as const)
    if (typeof data[key] === 'string') data[key] = withTag(data[key], tag);
  return { ...e, id: withTag(e.id, tag), data } as CaseloadEvent;
}

/** Ids are at most 64 characters (CONTRACT §2): the tag replaces the id's tail when it would not fit. */
function withTag(id: string, tag: string): string {
  return id.length + tag.length <= 64 ? id + tag : id.slice(0, 64 - tag.length) + tag;
}

/** An endless source of flow events: the days of flow, then replays of them. */
export class FlowCycle {
  private i = 0;
  private cycle = 0;
  constructor(private readonly flow: readonly CaseloadEvent[]) {
    if (flow.length === 0) throw new Error('the simulated flow is empty');
  }

  take(n: number): CaseloadEvent[] {
    const out: CaseloadEvent[] = [];
    while (out.length < n) {
      out.push(replayed(this.flow[this.i]!, this.cycle));
      if (++this.i === this.flow.length) {
        this.i = 0;
        this.cycle++;
      }
    }
    return out;
  }

  get cycles(): number {
    return this.cycle;
  }
}
