import type { DemoScope } from '../src/lib/server/auth/users.ts';

type Scale = 'unit' | 'county' | 'state';

/**
 * The simulator's first unit and its site, for the demo users' scope: read from the simulator's own
 * roster for the scale `npm start` runs (county by default), so the ids follow its naming.
 */
export async function defaultDemoScope(scale: Scale = 'county', seed = 1): Promise<DemoScope> {
  try {
    // A variable specifier: the simulator is another workspace's module and only needed here.
    const specifier = '@caseload/shared/sim';
    const sim = (await import(specifier)) as {
      Simulation: new (opts: { scale: Scale; seed: number; days: number }) => {
        sites: { siteId: string; units: { unitId: string }[] }[];
      };
    };
    const site = new sim.Simulation({ scale, seed, days: 0 }).sites[0];
    if (site?.units[0]) return { units: [site.units[0].unitId], sites: [site.siteId] };
  } catch {
    // fall through to the simulator's naming scheme
  }
  return scale === 'county' ? { units: ['u001'], sites: ['s01'] } : { units: ['u01'], sites: ['s01'] };
}
