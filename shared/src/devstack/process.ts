import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A child service of the local stack (`npm start`, benches, fault tests): started with its own env,
 * logging to a file, stopped by PID with a grace period.
 */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export function startService(opts: {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  logFile?: string;
  onLine?: (line: string) => void;
}): ServiceProcess {
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a stop reaches the whole tree (tsx runs the service in a child
    // node process) and a terminal's Ctrl-C reaches only the stack, which stops services in order.
    detached: true,
  });
  if (opts.logFile) {
    mkdirSync(dirname(opts.logFile), { recursive: true });
    const log = createWriteStream(opts.logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  if (opts.onLine) {
    let buf = '';
    const onData = (b: Buffer) => {
      buf += b.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        opts.onLine!(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name: opts.name,
    child,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 8000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const t = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      killGroup(child, signal);
      await exited;
      clearTimeout(t);
      killGroup(child, 'SIGKILL'); // anything of the tree still left behind
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Polls an HTTP URL until it answers 2xx, the process dies, or time runs out. */
export async function waitForHttp(
  url: string,
  opts: { timeoutMs?: number; process?: ServiceProcess } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let died = false;
  opts.process?.exited.then(() => (died = true));
  for (;;) {
    if (died) throw new Error(`${opts.process?.name} exited before ${url} answered`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${opts.timeoutMs ?? 60_000} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
