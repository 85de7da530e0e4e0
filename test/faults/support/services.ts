import { fileURLToPath } from 'node:url';
import { startService, waitForHttp, type ServiceProcess } from '@caseload/shared/devstack';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * One service of the stack as a real child process (`node --import tsx <entry>`, its own process
 * group), restartable with the same settings after it was killed. Signals go to its PID only.
 */
export class Service {
  private proc: ServiceProcess | undefined;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
    /** Answers 2xx once the service is ready (none: ready once spawned). */
    private readonly readyUrl?: string,
  ) {}

  get pid(): number | undefined {
    const c = this.proc?.child;
    return c && c.exitCode === null && c.signalCode === null ? c.pid : undefined;
  }

  get logFile(): string {
    return `${this.logDir}/${this.name}.log`;
  }

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    const proc = startService({
      name: this.name,
      command: process.execPath,
      args: ['--import', 'tsx', this.entry],
      env: { ...this.env, ...extraEnv },
      cwd: ROOT,
      logFile: this.logFile,
    });
    this.proc = proc;
    if (this.readyUrl) await waitForHttp(this.readyUrl, { process: proc, timeoutMs: 60_000 });
  }

  /** Sends a signal to the process (kill -9, SIGSTOP, SIGCONT); for SIGKILL waits until it is gone. */
  async signal(sig: NodeJS.Signals): Promise<void> {
    const proc = this.proc;
    const pid = this.pid;
    if (!proc || pid === undefined) throw new Error(`${this.name} is not running`);
    process.kill(pid, sig);
    if (sig === 'SIGKILL') await proc.exited;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    // A stopped (SIGSTOP) process must be continued before it can handle SIGTERM.
    if (this.pid !== undefined) process.kill(this.pid, 'SIGCONT');
    await proc.stop('SIGTERM', 5000);
  }
}
