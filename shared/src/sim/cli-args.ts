/** Command-line options of `npm run simulate` (pure parsing, so it is tested without a process). */
import { SCALES, type Scale } from './volumes.ts';

export interface CliArgs {
  scale: Scale;
  seed: string;
  /** Accelerated clock: simulated ms per real ms, from the start until it reaches now. */
  speed?: number;
  /** Fixed sending rate, events per second (for load). */
  rate?: number;
  url?: string;
  apiKey?: string;
  groundTruth?: string;
  days?: number;
  out?: string;
  /** Start of the history (default: 35 days ago). */
  start?: number;
  units?: number;
  concurrency: number;
  help: boolean;
}

export const USAGE = `npm run simulate -- [options]
  --scale unit|county|state   roster size (default county)
  --seed S                    seed (default 1); same seed, scale and start ⇒ the same events
  --speed N                   run the clock N× from 35 days back until it reaches now, then live
  --rate R                    send at a fixed R events/s (for load)
  --url U                     ingest base URL (default $INGEST_URL or http://127.0.0.1:8080)
  --api-key K                 ingest API key (default $INGEST_API_KEY, else the first of $INGEST_API_KEYS)
  --ground-truth FILE         write the injected ground truth and totals as JSON
  --days D                    simulate D days from the start, then stop
  --out FILE                  write NDJSON events instead of sending (stops at now)
  --start ISO                 start of the history (default: 35 days ago)
  --units N                   number of units instead of the scale's
  --concurrency C             batches in flight at once (default 4)`;

export class CliError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const a: CliArgs = { scale: 'county', seed: '1', concurrency: 4, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new CliError(`${flag} needs a value`);
      return v;
    };
    const num = (min: number): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isFinite(n) || n < min) throw new CliError(`${flag} must be a number ≥ ${min}, got "${raw}"`);
      return n;
    };
    switch (flag) {
      case '--scale': {
        const s = value();
        if (!(s in SCALES)) throw new CliError(`--scale must be one of ${Object.keys(SCALES).join(', ')}, got "${s}"`);
        a.scale = s as Scale;
        break;
      }
      case '--seed':
        a.seed = value();
        break;
      case '--speed':
        a.speed = num(1);
        break;
      case '--rate':
        a.rate = num(0.001);
        break;
      case '--url':
        a.url = value().replace(/\/+$/, '');
        break;
      case '--api-key':
        a.apiKey = value();
        break;
      case '--ground-truth':
        a.groundTruth = value();
        break;
      case '--days':
        a.days = num(1);
        break;
      case '--out':
        a.out = value();
        break;
      case '--start': {
        const raw = value();
        const t = Date.parse(raw);
        if (Number.isNaN(t)) throw new CliError(`--start must be an ISO date, got "${raw}"`);
        a.start = t;
        break;
      }
      case '--units':
        a.units = Math.floor(num(1));
        break;
      case '--concurrency':
        a.concurrency = Math.floor(num(1));
        break;
      case '-h':
      case '--help':
        a.help = true;
        break;
      default:
        throw new CliError(`unknown option ${flag}`);
    }
  }
  return a;
}

/** The numeric seed for a seed argument: integers as they are, any other text hashed. */
export function seedArg(seed: string): number | string {
  return /^\d+$/.test(seed) ? Number(seed) : seed;
}
