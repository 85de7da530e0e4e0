/**
 * Benjamini–Hochberg (1995): across a family of m tests, reject the k smallest p-values where k is the
 * largest rank with p_(k) ≤ k·q/m. Controls the expected share of false discoveries among the
 * rejections at q for independent or positively dependent tests. `familySize` may exceed the number
 * of p-values given: tests that were run but gave no candidate count in m all the same.
 */
export function benjaminiHochberg(pValues: readonly number[], q: number, familySize = pValues.length): boolean[] {
  const m = Math.max(familySize, pValues.length);
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  let k = 0;
  order.forEach((o, rank) => {
    if (o.p <= ((rank + 1) * q) / m) k = rank + 1;
  });
  const out = pValues.map(() => false);
  for (let r = 0; r < k; r++) out[order[r]!.i] = true;
  return out;
}

/** BH-adjusted p-values (q-values): the smallest q at which each test would be rejected. */
export function bhAdjust(pValues: readonly number[], familySize = pValues.length): number[] {
  const m = Math.max(familySize, pValues.length);
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p);
  const out = pValues.map(() => 1);
  let running = 1;
  order.forEach((o, idx) => {
    const rank = pValues.length - idx;
    running = Math.min(running, (o.p * m) / rank);
    out[o.i] = Math.min(1, running);
  });
  return out;
}
