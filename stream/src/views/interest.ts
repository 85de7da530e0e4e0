import type { ViewInterest } from '@caseload/shared';

/**
 * Which unit views some screen holds, from the wallboard servers' reports (VIEW_INTEREST_SUBJECT).
 * Each server's report replaces its last one and lapses `ttlMs` after it arrived, so a server that
 * stopped reporting stops counting.
 *
 * While no server's report is current the book cannot tell, and says every unit is watched: a
 * processor without wallboards (tests, a back-fill) or with an older wallboard keeps every view at
 * full pace.
 */
export class InterestBook {
  private readonly servers = new Map<string, { units: Set<string>; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  record(report: ViewInterest): void {
    this.servers.set(report.server, { units: new Set(report.units), until: this.now() + report.ttlMs });
  }

  /** A unit's view is held by some screen (or nobody reports, see above). */
  watched(unitId: string): boolean {
    const t = this.now();
    let anyCurrent = false;
    for (const [server, s] of this.servers) {
      if (s.until <= t) {
        this.servers.delete(server);
        continue;
      }
      if (s.units.has(unitId)) return true;
      anyCurrent = true;
    }
    return !anyCurrent;
  }
}
