/**
 * `npm run simulate`: generates the simulated county and sends it to ingest (or writes NDJSON with
 * --out), paced so no event time is ever in the future, reporting progress on stderr and writing
 * the ground truth as JSON. Ctrl-C sends what is in flight, writes the ground truth and exits.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { ConfigError, loadConfig } from '../config/env.ts';
import { CliError, USAGE, parseCliArgs, seedArg, type CliArgs } from './cli-args.ts';
import { ROSTER_TYPES } from '../schemas/events.ts';
import { Simulation } from './engine.ts';
import { paced } from './pacer.ts';
import { BatchSender, FatalSendError } from './sender.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);

function ingestTarget(a: CliArgs): { url: string; apiKey: string } {
  const env = process.env;
  const url = a.url ?? loadConfig(['INGEST_URL']).INGEST_URL.replace(/\/+$/, '');
  let apiKey = a.apiKey ?? (env.INGEST_API_KEY || undefined);
  if (!apiKey && env.INGEST_API_KEYS) apiKey = [...loadConfig(['INGEST_API_KEYS']).INGEST_API_KEYS.keys()][0];
  if (!apiKey) throw new CliError('no API key: pass --api-key, or set INGEST_API_KEY or INGEST_API_KEYS');
  return { url, apiKey };
}

function writeTruth(sim: Simulation, file: string | undefined, asOf?: number): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(sim.groundTruth(asOf), null, 1));
}

async function main(): Promise<number> {
  const a = parseCliArgs(process.argv.slice(2));
  if (a.help) {
    say(USAGE);
    return 0;
  }
  const startedAt = Date.now();
  const sim = new Simulation({
    seed: seedArg(a.seed),
    scale: a.scale,
    units: a.units,
    startMs: a.start,
    days: a.days,
    // NDJSON output is a file of the past: it stops at now.
    untilMs: a.out ? startedAt : undefined,
    horizonDays: a.days,
  });
  const workers = sim.sites.reduce((n, s) => n + s.units.reduce((m, u) => m + u.workers.length, 0), 0);
  say(
    `simulator: ${a.scale} scale, ${sim.sites.length} sites, ${sim.sites.reduce((n, s) => n + s.units.length, 0)} units, ${workers} workers; seed ${a.seed}; from ${new Date(sim.startMs).toISOString()}`,
  );

  if (a.out) {
    mkdirSync(dirname(a.out), { recursive: true });
    const out = createWriteStream(a.out);
    let n = 0;
    let last = Date.now();
    for (const item of sim) {
      if (!out.write(`${JSON.stringify(item.event)}\n`)) await once(out, 'drain');
      n++;
      if (Date.now() - last > 5000) {
        last = Date.now();
        say(`progress: ${n} events written, simulated time ${new Date(item.sendAtMs).toISOString()}`);
      }
    }
    out.end();
    await once(out, 'finish');
    writeTruth(sim, a.groundTruth, sim.endMs === Infinity ? undefined : Math.min(sim.endMs, startedAt));
    say(`done: ${n} events written to ${a.out} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    return 0;
  }

  const target = ingestTarget(a);
  const sender = new BatchSender({ ...target, concurrency: a.concurrency, log: say });
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    say('stopping: sending what is in flight…');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  say(
    a.speed
      ? `back-fill: accelerated ×${a.speed} from ${new Date(sim.startMs).toISOString()} until now, then live`
      : a.rate
        ? `sending at ${a.rate} events/s (never ahead of now)`
        : 'back-fill: the last 35 days at full speed, then live',
  );
  let n = 0;
  let lastPhase = 0;
  const opening = sim.openingSize;
  let lastReport = Date.now();
  let lastTruth = Date.now();
  let live = false;
  let simTime = sim.startMs;
  for await (const item of paced(sim, { startMs: sim.startMs, speed: a.speed, rate: a.rate })) {
    if (stopping) break;
    if ('pause' in item) {
      await sender.flush();
      if (!live && item.live) {
        live = true;
        await sender.drain();
        writeTruth(sim, a.groundTruth, Date.now());
        say(`caught up: back-fill done (${n} events in ${((Date.now() - startedAt) / 1000).toFixed(0)} s); live now`);
      }
    } else {
      // Barriers: the roster is stored before any case, the opening caseloads before the flow.
      const phase = ROSTER_TYPES.has(item.event.type) ? 0 : n < opening ? 1 : 2;
      if (phase !== lastPhase) {
        await sender.drain();
        lastPhase = phase;
      }
      await sender.add(item.event);
      n++;
      simTime = item.sendAtMs;
    }
    const now = Date.now();
    if (now - lastReport >= (live ? 60_000 : 5000)) {
      const s = sender.stats;
      say(
        `progress: ${n} generated, ${s.accepted} accepted, ${s.duplicates} duplicates, ${s.rejected} rejected, ${s.retries} retries; simulated time ${new Date(simTime).toISOString()} (${Math.round((now - simTime) / 60_000)} min behind now)`,
      );
      lastReport = now;
    }
    if (live && now - lastTruth >= 60_000) {
      writeTruth(sim, a.groundTruth, now);
      lastTruth = now;
    }
  }
  await sender.drain();
  writeTruth(sim, a.groundTruth, Math.min(Date.now(), sim.endMs));
  const s = sender.stats;
  say(
    `done: ${n} events, ${s.accepted} accepted, ${s.duplicates} duplicates, ${s.rejected} rejected, ${s.retries} retries`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof CliError || e instanceof ConfigError) say(`${e.message}\n\n${USAGE}`);
    else if (e instanceof FatalSendError) say(e.message);
    else say(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(e instanceof CliError || e instanceof ConfigError ? 2 : 1);
  },
);
