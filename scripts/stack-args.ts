/** Command-line options of `npm start`. */
export interface StackArgs {
  simulator: boolean;
  fast: boolean;
  speed: number;
  scale: 'unit' | 'county' | 'state';
  seed: number;
  help: boolean;
}

export const STACK_HELP = `npm start [-- options]
  --no-simulator     start the stack alone
  --fast             simulated clock from 35 days back, accelerated (processor on CLOCK=event) until now, then live
  --speed N          acceleration for --fast (default 20000)
  --scale S          simulator scale: unit | county (default) | state
  --seed N           simulator seed (default 1)`;

export function parseStackArgs(argv: string[]): StackArgs {
  const a: StackArgs = { simulator: true, fast: false, speed: 20000, scale: 'county', seed: 1, help: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const next = () => {
      const n = argv[++i];
      if (n === undefined) throw new Error(`${v} needs a value`);
      return n;
    };
    if (v === '--no-simulator') a.simulator = false;
    else if (v === '--fast') a.fast = true;
    else if (v === '--speed') a.speed = Number(next());
    else if (v === '--seed') a.seed = Number(next());
    else if (v === '--scale') {
      const s = next();
      if (s !== 'unit' && s !== 'county' && s !== 'state') throw new Error(`--scale must be unit, county or state`);
      a.scale = s;
    } else if (v === '--help' || v === '-h') a.help = true;
    else throw new Error(`unknown option ${v}\n${STACK_HELP}`);
  }
  if (!Number.isFinite(a.speed) || a.speed <= 0) throw new Error('--speed must be a positive number');
  return a;
}
