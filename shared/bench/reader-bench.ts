/**
 * Benchmark of the built-in reader on simulator notes of about 1.5 KB (`npm run bench:reader`).
 * One thread, so the figure is notes per second on one core. The lexicon is compiled once before
 * timing, as the processor does; each note is then read with no regular expression built.
 */
import { loadavg } from 'node:os';
import { defaultDictionary, readNote } from '../src/index.ts';
import { compileDictionary } from '../src/reader/compile.ts';
import { simulateUnit } from '../src/sim/index.ts';

const TARGET_CHARS = 1500;

/** Simulator notes, joined paragraph-wise into notes of about TARGET_CHARS characters. */
export function benchNotes(seed = 11, count = 2000): string[] {
  const run = simulateUnit({ seed, days: 35 });
  const texts = run.events
    .filter((e) => e.type === 'caseload.note.submitted')
    .map((e) => (e.data as { text: string }).text);
  if (!texts.length) throw new Error('the simulator produced no notes');
  const notes: string[] = [];
  let i = 0;
  while (notes.length < count) {
    let note = texts[i++ % texts.length]!;
    while (note.length < TARGET_CHARS) note += '\n\n' + texts[i++ % texts.length]!;
    notes.push(note.slice(0, TARGET_CHARS));
  }
  return notes;
}

function main() {
  const notes = benchNotes();
  const meanChars = notes.reduce((a, n) => a + n.length, 0) / notes.length;
  let t = process.hrtime.bigint();
  compileDictionary(defaultDictionary);
  const compileMs = Number(process.hrtime.bigint() - t) / 1e6;

  let findings = 0;
  for (const n of notes) findings += readNote(n).length; // warm-up: JIT
  const seconds = Number(process.argv[2] ?? 3);
  let read = 0;
  const cpu0 = process.cpuUsage();
  t = process.hrtime.bigint();
  const deadline = t + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < deadline) {
    for (const n of notes) readNote(n);
    read += notes.length;
  }
  const elapsed = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // The machines are shared: CPU time measures one core's work even when other processes take turns.
  const perSecond = read / elapsed;
  const perCpuSecond = read / cpuSeconds;
  console.log(`dictionary ${defaultDictionary.version}; compiled in ${compileMs.toFixed(1)} ms`);
  console.log(
    `notes: ${notes.length} distinct, mean ${meanChars.toFixed(0)} chars, ${(findings / notes.length).toFixed(1)} findings/note`,
  );
  console.log(`read ${read} notes in ${elapsed.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU, on one thread`);
  console.log(
    `${Math.round(perCpuSecond)} notes per CPU-second on one core (${((perCpuSecond * meanChars) / 1e6).toFixed(1)} MB/s)`,
  );
  console.log(`${Math.round(perSecond)} notes per wall-clock second (machine load ${loadavg()[0]!.toFixed(1)})`);
  console.log(
    JSON.stringify({
      notesPerCpuSecond: Math.round(perCpuSecond),
      notesPerWallSecond: Math.round(perSecond),
      meanChars: Math.round(meanChars),
    }),
  );
}

main();
