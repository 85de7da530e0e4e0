import type { Service } from './services.ts';
import { sleep } from './wait.ts';

/**
 * Makes a process a slow consumer without killing it: SIGSTOP for `stopMs`, SIGCONT for `runMs`,
 * over and over. It keeps running often enough to renew its leases (TTL 10 s) and stays
 * connected, but falls far behind. Returns a function that ends the throttling (and continues it).
 */
export function dutyCycle(service: Service, stopMs: number, runMs: number): () => Promise<void> {
  let on = true;
  const loop = (async () => {
    while (on) {
      const pid = service.pid;
      if (pid === undefined) return;
      if (!signal(pid, 'SIGSTOP')) return;
      await sleep(stopMs);
      if (!signal(pid, 'SIGCONT')) return;
      if (on) await sleep(runMs);
    }
  })();
  return async () => {
    on = false;
    await loop;
    const pid = service.pid;
    if (pid !== undefined) signal(pid, 'SIGCONT');
  };
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false; // it exited meanwhile
  }
}
