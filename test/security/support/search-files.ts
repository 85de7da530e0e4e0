import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file under `dir` (recursively). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const st = statSync(path);
    if (st.isDirectory()) out.push(...filesUnder(path));
    else if (st.isFile()) out.push(path);
  }
  return out;
}

export interface Hit {
  file: string;
  needle: string;
}

/** Where each needle occurs, byte for byte (UTF-8), in the given files. */
export function search(files: string[], needles: string[]): { hits: Hit[]; bytes: number } {
  const hits: Hit[] = [];
  let bytes = 0;
  const encoded = needles.map((n) => ({ n, b: Buffer.from(n, 'utf8') }));
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    for (const { n, b } of encoded) if (content.indexOf(b) >= 0) hits.push({ file, needle: n });
  }
  return { hits, bytes };
}
