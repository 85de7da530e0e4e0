/**
 * The processor's CPU profile during the replay window only: from the first to the last sample
 * inside message handling (start-up and the final idle are left out). Prints the top self times
 * and the inclusive time of named functions (a sample counts once per function, however deep).
 *
 *   npx tsx stream/bench/profile-window.ts <file.cpuprofile> [--top 25] [--window handle] [--incl a,b,c]
 *                                          [--incl-top N] [--callers name]
 *
 * `--incl-top N` lists the N functions with the most inclusive time; `--callers name` shows the
 * stacks (six frames up) a function's self time comes from.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    'incl-top': { type: 'string', default: '0' },
    callers: { type: 'string' },
    window: { type: 'string', default: 'handle' },
    incl: {
      type: 'string',
      default:
        'handle,readNote,readNoteFindings,openNote,decode,parse,json,apply,contact,note,checkpoint,serialise,flush,(garbage collector)',
    },
  },
});
const p = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: Node) => {
  const file = n.callFrame.url.split('/').slice(-2).join('/');
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
};
/** Function names on the stack of a sample's leaf node. */
const stackNames = new Map<number, Set<string>>();
function namesOf(id: number): Set<string> {
  let s = stackNames.get(id);
  if (s) return s;
  s = new Set<string>();
  for (let k: number | undefined = id; k !== undefined; k = parent.get(k)) s.add(byId.get(k)!.callFrame.functionName);
  stackNames.set(id, s);
  return s;
}

// The window: first and last sample with the window function on the stack.
let first = -1;
let last = -1;
p.samples.forEach((id, i) => {
  if (namesOf(id).has(args.window)) {
    if (first < 0) first = i;
    last = i;
  }
});
if (first < 0) throw new Error(`no sample inside ${args.window}`);
const self = new Map<string, number>();
const incl = new Map<string, number>();
const wanted = args.incl.split(',');
let total = 0;
for (let i = first; i <= last; i++) {
  const ms = (p.timeDeltas[i + 1] ?? 0) / 1000; // a sample's time is the delta to the next one
  total += ms;
  const n = byId.get(p.samples[i]!)!;
  const key = label(n);
  self.set(key, (self.get(key) ?? 0) + ms);
  const names = namesOf(n.id);
  for (const w of wanted) if (names.has(w)) incl.set(w, (incl.get(w) ?? 0) + ms);
}
console.log(`window: ${(total / 1000).toFixed(1)} s (samples ${first}..${last})\n`);
console.log('| self ms | share | function |\n| ---: | ---: | --- |');
for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top)))
  console.log(`| ${ms.toFixed(0)} | ${((100 * ms) / total).toFixed(1)} % | ${k} |`);
console.log('\n| inclusive ms | function |\n| ---: | --- |');
for (const w of wanted) console.log(`| ${(incl.get(w) ?? 0).toFixed(0)} | ${w} |`);

// --callers NAME: where the self time of a function comes from.
const callersOf = args.callers;
if (callersOf) {
  const paths = new Map<string, number>();
  for (let i = first; i <= last; i++) {
    const n = byId.get(p.samples[i]!)!;
    if (n.callFrame.functionName !== callersOf) continue;
    const chain: string[] = [];
    for (let k = parent.get(n.id), d = 0; k !== undefined && d < 6; k = parent.get(k), d++)
      chain.push(label(byId.get(k)!));
    const key = chain.join(' < ');
    paths.set(key, (paths.get(key) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  }
  console.log(`\ncallers of ${callersOf}:`);
  for (const [k, ms] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`${ms.toFixed(0)} ms  ${k}`);
}

// --incl-top N: the N functions with the most inclusive time in the window (a sample counts once per function).
const inclTop = Number(args['incl-top']);
if (inclTop) {
  const all = new Map<string, number>();
  for (let i = first; i <= last; i++) {
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let k: number | undefined = p.samples[i]!; k !== undefined; k = parent.get(k)) {
      const key = label(byId.get(k)!);
      if (seen.has(key)) continue;
      seen.add(key);
      all.set(key, (all.get(key) ?? 0) + ms);
    }
  }
  console.log(`\n| inclusive ms | function |\n| ---: | --- |`);
  for (const [k, ms] of [...all].sort((a, b) => b[1] - a[1]).slice(0, inclTop))
    console.log(`| ${ms.toFixed(0)} | ${k} |`);
}
