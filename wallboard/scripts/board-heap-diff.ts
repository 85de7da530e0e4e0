import type { CDPSession } from 'playwright-core';
import { domNodeTypes, sampleMemory, viewSize, type NodeTypeCounts } from './lib/board-probe.ts';
import { startBoardUnderSim } from './lib/board-under-sim.ts';
import { heapGraph, newObjects, retainerChain, type HeapGraph, type RawSnapshot } from './lib/heap-snapshot.ts';
import { simClock } from './lib/sim-clock.ts';
import { isMain, parseArgs } from './stack-env.ts';

/**
 * `npx tsx wallboard/scripts/board-heap-diff.ts [--minutes 5] [--warmup-seconds 240] [--top 25]`
 *
 * Where a TV board's memory goes, for when the soak (`npm run soak:board`) shows growth: the same set-up
 * (whole stack, simulator in accelerated time, a paired TV in Chromium), then a heap snapshot after
 * the warm-up and another `--minutes` later, and the classes of the objects alive in the second that
 * were not in the first, with the chain of retainers of a few of each; beside it the document's
 * nodes by type per panel at both ends. Prints; asserts nothing.
 */
async function snapshot(cdp: CDPSession): Promise<HeapGraph> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return heapGraph(JSON.parse(chunks.join('')) as RawSnapshot);
}

const nodesText = (t: Record<string, NodeTypeCounts>) =>
  Object.entries(t)
    .map(([k, c]) => `${k} ${c.elements}/${c.text}/${c.comments}`)
    .join(', ');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const minutes = Number(args.get('minutes')?.[0] ?? 5);
  const warmupSeconds = Number(args.get('warmup-seconds')?.[0] ?? 240);
  const top = Number(args.get('top')?.[0] ?? 25);
  const clock = simClock({ soakMinutes: minutes, warmupSeconds, fillDays: 29, now: Date.now() });
  const board = await startBoardUnderSim({ scale: 'unit', ...clock });
  try {
    const { page, unitId } = board;
    console.log(`board live; warming up for ${warmupSeconds} s`);
    await new Promise((r) => setTimeout(r, warmupSeconds * 1000));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const report = async (when: string) => {
      const m = await sampleMemory(page);
      const v = await viewSize(page, unitId);
      console.log(
        `${when}: heap ${(m.heapUsed / 1048576).toFixed(2)} MB, ${m.domNodes} DOM nodes in the renderer; ` +
          `view ${v ? `${(v.bytes / 1024).toFixed(1)} KB` : '?'}`,
      );
      console.log(`  document nodes (elements/text/comments): ${nodesText(await domNodeTypes(page))}`);
    };
    await report('start');
    const before = await snapshot(cdp);
    await new Promise((r) => setTimeout(r, minutes * 60_000));
    await report(`after ${minutes} min`);
    const after = await snapshot(cdp);
    const rows = newObjects(before, after);
    console.log(`\nobjects alive after ${minutes} min that were not at the start (bytes, count, class):`);
    for (const r of rows.slice(0, top))
      console.log(`${String(r.bytes).padStart(9)} ${String(r.count).padStart(6)}  ${r.className}`);
    console.log('\nretainers of a few of each of the largest classes (compiled code left out):');
    for (const r of rows.filter((x) => !x.className.startsWith('code:')).slice(0, 8)) {
      console.log(`\n${r.className} (${r.count} new)`);
      for (const n of r.samples.slice(0, 2))
        console.log(`  @${after.id(n)}\n    ${retainerChain(after, n).join('\n    ')}`);
    }
    await cdp.detach();
  } finally {
    await board.stop();
  }
}

if (isMain(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`board-heap-diff: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
