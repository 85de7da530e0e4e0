/**
 * `npm run bench`: the end-to-end benchmark of CONTRACT §6. Starts its own stack (nats-server,
 * redis-server, ingest, processor, wallboard) on free ports, measures the raw JetStream baseline,
 * loads the county roster, holds Socket.IO screens, steps the county event rate up to the highest
 * sustainable one, then writes bench/results/latest.json (relative to load-tests), appends to
 * history.jsonl and prints a markdown table. Ctrl-C stops everything it started.
 * Options: npm run bench -- --help
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench } from './bench.ts';
import { BENCH_HELP, parseBenchArgs } from './options.ts';
import { historyLine, markdownTable } from './result.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let options;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n\n${BENCH_HELP}`);
  process.exit(2);
}
if (options.help) {
  console.log(BENCH_HELP);
  process.exit(0);
}
const outDir = options.out ?? join(root, 'load-tests/bench/results');

let stopRequested = false;
let cleanup: (() => Promise<void>) | undefined;
const onSignal = (signal: string) => {
  if (stopRequested) process.exit(130); // a second Ctrl-C: leave at once
  stopRequested = true;
  console.error(`\n${signal}: stopping everything the bench started…`);
  void (cleanup?.() ?? Promise.resolve()).finally(() => process.exit(130));
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

try {
  const result = await runBench(options, {
    root,
    log: (line) => console.log(`▶ ${line}`),
    stopped: () => stopRequested,
    onCleanup: (fn) => (cleanup = fn),
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  appendFileSync(join(outDir, 'history.jsonl'), historyLine(result) + '\n');
  console.log('');
  console.log(markdownTable(result));
  console.log('');
  console.log(`written: ${join(outDir, 'latest.json')} (and a line in history.jsonl)`);
  process.exit(0);
} catch (e) {
  if (!stopRequested) console.error(`✖ bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
}
