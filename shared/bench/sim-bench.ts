/**
 * Simulator generation speed at county scale: `npx tsx shared/bench/sim-bench.ts [days] [--json]`.
 * Generates `days` (default 7) simulated days of the county (roster, opening caseloads, flow) and
 * prints events per second of wall time and per CPU-second (the machines are shared, so the CPU
 * figure is the steadier one), with and without serialising each event to JSON as a sender does.
 */
import { Simulation } from '../src/sim/index.ts';

const days = Number(process.argv[2] ?? 7);
const START = Date.UTC(2026, 9, 5, 12);

function pass(serialise: boolean) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const sim = new Simulation({ scale: 'county', seed: 1, startMs: START, days });
  const built = performance.now();
  let events = 0;
  let bytes = 0;
  for (const item of sim) {
    events++;
    if (serialise) bytes += JSON.stringify(item.event).length;
  }
  const wall = (performance.now() - built) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpu = (c.user + c.system) / 1e6;
  return { serialise, events, buildSeconds: (built - t0) / 1000, wallSeconds: wall, cpuSeconds: cpu, bytes };
}

const results = [pass(false), pass(true)];
if (process.argv.includes('--json')) console.log(JSON.stringify(results));
else {
  console.log(`county scale, ${days} simulated days (5,000 workers, 500 units, 20 sites)`);
  for (const r of results) {
    console.log(
      `${r.serialise ? 'generate + JSON.stringify' : 'generate only           '}  ${r.events} events  ` +
        `${Math.round(r.events / r.wallSeconds)} events/s (wall, build ${r.buildSeconds.toFixed(1)} s excluded)  ` +
        `${Math.round(r.events / r.cpuSeconds)} events per CPU-second (build included)` +
        (r.serialise ? `  ${(r.bytes / 1e6).toFixed(0)} MB of JSON` : ''),
    );
  }
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}
