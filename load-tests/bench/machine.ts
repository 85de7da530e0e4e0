import { spawnSync } from 'node:child_process';
import { cpus, hostname, loadavg, totalmem } from 'node:os';

/** What the figures were measured on: a shared machine's load average belongs beside every figure. */
export function describeMachine(): {
  hostname: string;
  cpus: number;
  cpuModel: string;
  memoryMB: number;
  node: string;
  natsServer: string;
  redisServer: string;
} {
  const version = (cmd: string, re: RegExp) =>
    re.exec(spawnSync(cmd, ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? 'unknown';
  return {
    hostname: hostname(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryMB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    natsServer: version('nats-server', /v(\d+\.\d+\.\d+)/),
    redisServer: version('redis-server', /v=(\d+\.\d+\.\d+)/),
  };
}

export function loadAverage(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}
