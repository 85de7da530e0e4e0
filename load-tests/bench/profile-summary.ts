/**
 * Where a service spends its CPU, from a V8 `.cpuprofile` (`npm run bench -- --cpu-prof` writes one
 * per service into load-tests/bench/profiles/): self time by function and by file, top N.
 *
 *   npx tsx load-tests/bench/profile-summary.ts <file.cpuprofile> [--top 25]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Self time per key (a function, a file…), from the samples' time deltas, largest first. */
export function selfTimes(p: CpuProfile, keyOf: (n: ProfileNode) => string): SelfTime[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + us);
    all += us;
  });
  return [...totals.entries()]
    .map(([name, us]) => ({ name, ms: us / 1000, share: all > 0 ? us / all : 0 }))
    .sort((a, b) => b.ms - a.ms);
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const shortUrl = (url: string) => {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const rel = relative(root, path);
  return rel.startsWith('..') ? path : rel.replace(/^node_modules\//, 'nm:');
};
export const byFunction = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
export const byFile = (n: ProfileNode) => {
  const f = n.callFrame.functionName;
  if (!n.callFrame.url) return f === '(garbage collector)' || f === '(idle)' || f === '(program)' ? f : '(native)';
  return shortUrl(n.callFrame.url);
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: profile-summary.ts <file.cpuprofile> [--top N]');
    process.exit(2);
  }
  const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 25;
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const print = (title: string, rows: SelfTime[]) => {
    console.log(`\n${title}\n| self ms | share | where |\n| ---: | ---: | --- |`);
    for (const r of rows.slice(0, top))
      console.log(`| ${r.ms.toFixed(0)} | ${(r.share * 100).toFixed(1)} % | ${r.name} |`);
  };
  print('By file', selfTimes(p, byFile));
  print('By function', selfTimes(p, byFunction));
}
