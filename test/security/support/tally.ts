import { Agent, request } from 'node:http';
/**
 * Counts of answers by target, label and status, printed as the table the hostile-input run shows
 * in `npm test` output.
 */
export class Tally {
  readonly #counts = new Map<string, Map<string, number>>();
  readonly #statuses = new Set<string>();

  add(row: string, status: number | string): void {
    const s = String(status);
    this.#statuses.add(s);
    const r = this.#counts.get(row) ?? new Map<string, number>();
    r.set(s, (r.get(s) ?? 0) + 1);
    this.#counts.set(row, r);
  }

  /** How many answers had a status matching `test`. */
  count(test: (status: string) => boolean = () => true): number {
    let n = 0;
    for (const r of this.#counts.values()) for (const [s, c] of r) if (test(s)) n += c;
    return n;
  }

  table(title: string): string {
    const statuses = [...this.#statuses].sort();
    const rows = [...this.#counts.keys()].sort();
    const width = Math.max(8, ...rows.map((r) => r.length));
    const cell = (v: string) => v.padStart(6);
    const line = (name: string, cells: string[]) => `${name.padEnd(width)} ${cells.map(cell).join(' ')}`;
    const out = [title, line('', [...statuses, 'total'])];
    for (const row of rows) {
      const r = this.#counts.get(row)!;
      const total = [...r.values()].reduce((a, b) => a + b, 0);
      out.push(line(row, [...statuses.map((s) => String(r.get(s) ?? '')), String(total)]));
    }
    const totals = statuses.map((s) => String(this.count((x) => x === s)));
    out.push(line('TOTAL', [...totals, String(this.count())]));
    return out.join('\n');
  }
}

/** Runs `fn` over `items` with at most `concurrency` at a time. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Resident set size of a process in MB (Linux /proc). */
export async function rssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

/** One HTTP exchange on a keep-alive agent (lighter than fetch when thousands are sent). */
export interface Exchange {
  status: number | string;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

export function makeClient(baseUrl: string, sockets = 16) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const base = new URL(baseUrl);
  let retries = 0;
  const once = (
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
  ): Promise<Exchange & { reused: boolean }> =>
    new Promise((resolve) => {
      const req = request(
        {
          host: base.hostname,
          port: base.port,
          method,
          path,
          // Node sends a GET's body with no length unless told: the server would read it as the next request
          headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
              reused: false,
            }),
          );
          res.on('error', (e) =>
            resolve({
              status: `error:${(e as NodeJS.ErrnoException).code ?? 'res'}`,
              text: '',
              headers: {},
              reused: false,
            }),
          );
        },
      );
      req.on('error', (e) =>
        resolve({
          status: `error:${(e as NodeJS.ErrnoException).code ?? 'req'}`,
          text: '',
          headers: {},
          reused: req.reusedSocket,
        }),
      );
      req.end(body);
    });
  return {
    agent,
    /** Requests sent again because the server had closed an idle kept-alive socket just as it was reused. */
    retries: () => retries,
    async send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Exchange> {
      const first = await once(method, path, headers, body);
      // The keep-alive race Node's docs describe (request.reusedSocket): the server timed the idle
      // socket out as the client picked it; the request never reached a handler, so send it again.
      if (!first.reused || !/ECONNRESET|EPIPE/.test(String(first.status))) return first;
      retries++;
      return once(method, path, headers, body);
    },
    close: () => agent.destroy(),
  };
}
