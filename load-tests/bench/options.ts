import { parseArgs } from 'node:util';
import type { Scale } from '@caseload/shared/sim';

export const BENCH_HELP = `npm run bench -- [options]

  --quick                 short holds (15 s) and probes (5 s): a smoke run, not the contract's 60 s
  --duration S            seconds to hold the found rate (default 60, the contract's window)
  --probe S               seconds per probe of the rate search (default 10)
  --rate R                skip the search and hold R events/s (e.g. the county's real rate)
  --start-rate R          first probe (default 1000 events/s)
  --max-rate R            highest probe (default 50000)
  --clients N             Socket.IO screens holding unit views (default 200)
  --client-procs P        child processes the screens are spread over (default N/50, 2..8)
  --stream-cpus LIST      pin the processor with taskset, e.g. 0 or 0,1 (with --processors, one core each in turn)
  --processors N          processor instances sharing the partitions (default 1)
  --scale unit|county     simulator scale (default county)
  --flow-days D           days of simulated flow to replay (default 4)
  --batch N               events per ingest request (default 100)
  --baseline-messages N   messages in the raw JetStream baseline (default 30000)
  --budget S              aim to finish within S seconds (default 280)
  --warm-up S             at most S seconds of warm-up before the first step (default 90)
  --out DIR               where latest.json and history.jsonl go (default load-tests/bench/results)
  --cpu-prof              write CPU profiles of ingest, stream and wallboard to load-tests/bench/profiles
  --seed N                simulator seed (default 7)`;

export interface BenchOptions {
  quick: boolean;
  holdSeconds: number;
  probeSeconds: number;
  fixedRate: number | undefined;
  startRate: number;
  maxRate: number;
  clients: number;
  clientProcs: number;
  streamCpus: string | undefined;
  processors: number;
  scale: Scale;
  flowDays: number;
  batch: number;
  baselineMessages: number;
  budgetSeconds: number;
  warmUpSeconds: number;
  out: string | undefined;
  cpuProf: boolean;
  seed: number;
  partitions: number;
  help: boolean;
}

const positive = (name: string, v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`--${name} must be a positive number, got ${v}`);
  return n;
};

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      probe: { type: 'string' },
      rate: { type: 'string' },
      'start-rate': { type: 'string' },
      'max-rate': { type: 'string' },
      clients: { type: 'string' },
      'client-procs': { type: 'string' },
      'stream-cpus': { type: 'string' },
      processors: { type: 'string' },
      scale: { type: 'string', default: 'county' },
      'flow-days': { type: 'string' },
      batch: { type: 'string' },
      'baseline-messages': { type: 'string' },
      budget: { type: 'string' },
      'warm-up': { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      seed: { type: 'string' },
      partitions: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (v.scale !== 'unit' && v.scale !== 'county') throw new Error('--scale must be unit or county');
  if (v['stream-cpus'] !== undefined && !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(v['stream-cpus']))
    throw new Error('--stream-cpus takes a core list such as 0 or 0,1');
  const clients = Math.round(positive('clients', v.clients, 200));
  const batch = Math.round(positive('batch', v.batch, 100));
  if (batch > 1000) throw new Error('--batch is at most 1000 (CONTRACT §2)');
  return {
    quick: v.quick,
    holdSeconds: positive('duration', v.duration, v.quick ? 15 : 60),
    probeSeconds: positive('probe', v.probe, v.quick ? 5 : 10),
    fixedRate: v.rate === undefined ? undefined : positive('rate', v.rate, 0),
    startRate: positive('start-rate', v['start-rate'], 1000),
    maxRate: positive('max-rate', v['max-rate'], 50_000),
    clients,
    clientProcs: Math.round(
      positive('client-procs', v['client-procs'], Math.min(8, Math.max(2, Math.ceil(clients / 50)))),
    ),
    streamCpus: v['stream-cpus'],
    processors: Math.round(positive('processors', v.processors, 1)),
    scale: v.scale,
    flowDays: positive('flow-days', v['flow-days'], 4),
    batch,
    baselineMessages: Math.round(positive('baseline-messages', v['baseline-messages'], 30_000)),
    budgetSeconds: positive('budget', v.budget, 280),
    warmUpSeconds: positive('warm-up', v['warm-up'], 90),
    out: v.out,
    cpuProf: v['cpu-prof'],
    seed: Math.round(positive('seed', v.seed, 7)),
    partitions: Math.round(positive('partitions', v.partitions, 16)),
    help: v.help,
  };
}
