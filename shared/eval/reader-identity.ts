/**
 * Reader identity check: the reader may be changed for speed only, so its findings must stay
 * byte-identical. Reads every item text of every `shared/eval/*.jsonl` set, simulator notes (single
 * notes of two seeds and the reader bench's 1.5 KB notes) and upper-cased copies of a share of them
 * (the tokenizer's non-plain path), hashes the JSON of all findings per source, and compares the
 * hashes with the snapshot saved before the reader's speed work. Scores are never computed here: the
 * frozen part of the eval set stays held out.
 *
 *   npx tsx shared/eval/reader-identity.ts           # compare with the snapshot (exit 1 when any differs)
 *   npx tsx shared/eval/reader-identity.ts --write   # take the snapshot (only before changing the reader)
 *   … --detail FILE                                  # also write one hash per text, to find the first that differs
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readNote } from '../src/index.ts';
import { simulateUnit } from '../src/sim/index.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SNAPSHOT = `${HERE}reader-identity.snapshot.json`;

/** The texts to read, by source name. */
export function identityTexts(): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  for (const f of readdirSync(HERE)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()) {
    const texts = readFileSync(`${HERE}${f}`, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
    sources.set(f, texts);
  }
  for (const seed of [3, 29]) {
    const notes = simulateUnit({ seed, days: 35 })
      .events.filter((e) => e.type === 'caseload.note.submitted')
      .map((e) => (e.data as { text: string }).text);
    sources.set(`sim-seed-${seed}`, notes);
    // Upper case and title case take the tokenizer's slower, case-folding path.
    sources.set(
      `sim-seed-${seed}-cased`,
      notes
        .filter((_, i) => i % 4 === 0)
        .map((t, i) => (i % 2 ? t.toUpperCase() : t.replace(/\b\w/g, (c) => c.toUpperCase()))),
    );
  }
  // Notes joined to ~1.5 KB as the reader bench reads them (seed 11), several paragraphs each.
  const unit = simulateUnit({ seed: 11, days: 35 })
    .events.filter((e) => e.type === 'caseload.note.submitted')
    .map((e) => (e.data as { text: string }).text);
  const joined: string[] = [];
  for (let i = 0; joined.length < 2000;) {
    let note = unit[i++ % unit.length]!;
    while (note.length < 1500) note += '\n\n' + unit[i++ % unit.length]!;
    joined.push(note.slice(0, 1500));
  }
  sources.set('joined-notes', joined);
  return sources;
}

interface Snapshot {
  sources: Record<string, { texts: number; findings: number; sha256: string }>;
}

function main() {
  const { values: args } = parseArgs({
    options: { write: { type: 'boolean', default: false }, detail: { type: 'string' } },
  });
  const now: Snapshot = { sources: {} };
  const detail: string[] = [];
  for (const [name, texts] of identityTexts()) {
    const all = createHash('sha256');
    let findings = 0;
    texts.forEach((text, i) => {
      const json = JSON.stringify(readNote(text));
      findings += (json.match(/"code":/g) ?? []).length;
      all.update(json).update('\n');
      if (args.detail) detail.push(`${name}\t${i}\t${createHash('sha256').update(json).digest('hex').slice(0, 16)}`);
    });
    now.sources[name] = { texts: texts.length, findings, sha256: all.digest('hex') };
  }
  if (args.detail) writeFileSync(args.detail, detail.join('\n') + '\n');
  if (args.write) {
    writeFileSync(SNAPSHOT, JSON.stringify(now, null, 2) + '\n');
    console.log(`snapshot written: ${SNAPSHOT}`);
    console.table(now.sources);
    return;
  }
  if (!existsSync(SNAPSHOT))
    throw new Error(`no snapshot at ${SNAPSHOT}; take one with --write before changing the reader`);
  const before = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Snapshot;
  let differ = 0;
  const names = new Set([...Object.keys(before.sources), ...Object.keys(now.sources)]);
  for (const name of names) {
    const a = before.sources[name];
    const b = now.sources[name];
    const same = a !== undefined && b !== undefined && a.sha256 === b.sha256 && a.texts === b.texts;
    if (!same) differ++;
    console.log(
      `${same ? 'same   ' : 'DIFFERS'} ${name}: ${b?.texts ?? 0} texts, ${b?.findings ?? 0} findings (snapshot ${a?.findings ?? 0})`,
    );
  }
  console.log(differ ? `${differ} source(s) differ from the snapshot` : 'all findings identical to the snapshot');
  process.exit(differ ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
