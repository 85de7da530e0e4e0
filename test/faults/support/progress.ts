/** Progress lines on stderr (vitest shows them), so a slow or stuck fault shows where it is. */
const t0 = Date.now();
export function progress(fault: string, what: string): void {
  process.stderr.write(`[faults +${((Date.now() - t0) / 1000).toFixed(1)}s] ${fault}: ${what}\n`);
}
