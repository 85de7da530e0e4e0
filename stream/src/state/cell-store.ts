import { emptyCell, type Cell } from './records.ts';

/**
 * Compact daily cells. A county keeps ~5,000 workers × 84 days × a few strata ≈ a million
 * worker × day × stratum cells; as objects (with their `oc` array and `cd`/`th` records, in a Map
 * per worker-day) that is ~450 MB. Here a cell is one row of 16-bit counters in a pooled typed
 * array, found through one Map per worker keyed by a number (day × 64 + stratum index): ~70 B each.
 *
 * Row layout: n, r, dl, lt, oc[0..3], cr, cs, then one counter per risk code and per theme of the
 * dictionary (a code the dictionary does not know is not counted per code; it still counts in `r`).
 * Counters saturate at 0 and 65,535 rather than wrap.
 */
const FIXED = 10;
const N = 0;
const R = 1;
const DL = 2;
const LT = 3;
const OC = 4;
const CR = 8;
const CS = 9;
const MAX = 0xffff;
const STRATA_BITS = 64;

/** Which counter of a row each code and theme occupies. */
export class CellLayout {
  readonly codes: readonly string[];
  readonly themes: readonly string[];
  readonly width: number;
  private readonly codeSlot = new Map<string, number>();
  private readonly themeSlot = new Map<string, number>();

  constructor(codes: readonly string[], themes: readonly string[]) {
    this.codes = codes;
    this.themes = themes;
    codes.forEach((c, i) => this.codeSlot.set(c, FIXED + i));
    themes.forEach((t, i) => this.themeSlot.set(t, FIXED + codes.length + i));
    this.width = FIXED + codes.length + themes.length;
  }

  slotOfCode(code: string): number | undefined {
    return this.codeSlot.get(code);
  }

  slotOfTheme(theme: string): number | undefined {
    return this.themeSlot.get(theme);
  }
}

/** The cells of one partition: a row pool, the strata interned, an index per worker. */
export class CellStore {
  private pool: Uint16Array;
  private rows = 0;
  private readonly free: number[] = [];
  private readonly strata: string[] = [];
  private readonly strataIndex = new Map<string, number>();
  private readonly byWorker = new Map<string, WorkerCells>();

  constructor(readonly layout: CellLayout) {
    this.pool = new Uint16Array(layout.width * 1024);
  }

  get(workerId: string): WorkerCells | undefined {
    return this.byWorker.get(workerId);
  }

  workers(): IterableIterator<[string, WorkerCells]> {
    return this.byWorker.entries();
  }

  /** Cells held (for benches). */
  get size(): number {
    return this.rows - this.free.length;
  }

  /** The row of (worker, day, stratum), created empty when absent. */
  row(workerId: string, day: number, stratum: string): number {
    let w = this.byWorker.get(workerId);
    if (!w) this.byWorker.set(workerId, (w = new WorkerCells(this)));
    const key = day * STRATA_BITS + this.stratumIndex(stratum);
    let row = w.index.get(key);
    if (row === undefined) {
      row = this.allocate();
      w.index.set(key, row);
    }
    return row;
  }

  /** The row when present, else -1 (never creates one). */
  find(workerId: string, day: number, stratum: string): number {
    const i = this.strataIndex.get(stratum);
    if (i === undefined) return -1;
    return this.byWorker.get(workerId)?.index.get(day * STRATA_BITS + i) ?? -1;
  }

  add(row: number, slot: number, by: number): void {
    const at = row * this.layout.width + slot;
    this.pool[at] = Math.min(MAX, Math.max(0, this.pool[at]! + by));
  }

  set(row: number, slot: number, value: number): void {
    this.pool[row * this.layout.width + slot] = Math.min(MAX, Math.max(0, value));
  }

  value(row: number, slot: number): number {
    return this.pool[row * this.layout.width + slot]!;
  }

  /** Adds the row's counters into a Cell. */
  addInto(into: Cell, row: number): void {
    const p = this.pool;
    const base = row * this.layout.width;
    into.n += p[base + N]!;
    into.r += p[base + R]!;
    into.dl += p[base + DL]!;
    into.lt += p[base + LT]!;
    for (let i = 0; i < 4; i++) into.oc[i]! += p[base + OC + i]!;
    into.cr += p[base + CR]!;
    into.cs += p[base + CS]!;
    const { codes, themes } = this.layout;
    for (let i = 0; i < codes.length; i++) {
      const v = p[base + FIXED + i]!;
      if (v) into.cd[codes[i]!] = (into.cd[codes[i]!] ?? 0) + v;
    }
    for (let i = 0; i < themes.length; i++) {
      const v = p[base + FIXED + codes.length + i]!;
      if (v) into.th[themes[i]!] = (into.th[themes[i]!] ?? 0) + v;
    }
  }

  /** Writes a Cell's counters into a row (restoring a checkpoint). */
  write(row: number, c: Cell): void {
    this.set(row, N, c.n);
    this.set(row, R, c.r);
    this.set(row, DL, c.dl);
    this.set(row, LT, c.lt);
    for (let i = 0; i < 4; i++) this.set(row, OC + i, c.oc[i] ?? 0);
    this.set(row, CR, c.cr);
    this.set(row, CS, c.cs);
    for (const [code, v] of Object.entries(c.cd ?? {})) {
      const slot = this.layout.slotOfCode(code);
      if (slot !== undefined) this.set(row, slot, v);
    }
    for (const [theme, v] of Object.entries(c.th ?? {})) {
      const slot = this.layout.slotOfTheme(theme);
      if (slot !== undefined) this.set(row, slot, v);
    }
  }

  /** Drops every cell of a day before `beforeDay`; returns the (worker, day) pairs dropped. */
  prune(beforeDay: number): [string, number][] {
    const dropped = new Map<string, Set<number>>();
    for (const [workerId, w] of this.byWorker) {
      for (const [key, row] of w.index) {
        const day = Math.floor(key / STRATA_BITS);
        if (day >= beforeDay) continue;
        w.index.delete(key);
        this.release(row);
        let days = dropped.get(workerId);
        if (!days) dropped.set(workerId, (days = new Set()));
        days.add(day);
      }
      if (!w.index.size) this.byWorker.delete(workerId);
    }
    const out: [string, number][] = [];
    for (const [workerId, days] of dropped) for (const d of days) out.push([workerId, d]);
    return out;
  }

  stratumOf(key: number): string {
    return this.strata[key % STRATA_BITS]!;
  }

  private stratumIndex(stratum: string): number {
    let i = this.strataIndex.get(stratum);
    if (i === undefined) {
      i = this.strata.length;
      // Strata are tracks × complexity bands (a couple of dozen); the key packs them in 6 bits.
      if (i >= STRATA_BITS) throw new Error(`more than ${STRATA_BITS} strata: ${stratum}`);
      this.strata.push(stratum);
      this.strataIndex.set(stratum, i);
    }
    return i;
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const width = this.layout.width;
    if ((this.rows + 1) * width > this.pool.length) {
      const bigger = new Uint16Array(this.pool.length * 2);
      bigger.set(this.pool);
      this.pool = bigger;
    }
    return this.rows++;
  }

  private release(row: number): void {
    this.pool.fill(0, row * this.layout.width, (row + 1) * this.layout.width);
    this.free.push(row);
  }
}

/** One worker's cells, read as days × strata. */
export class WorkerCells {
  /** day × 64 + stratum index → row */
  readonly index = new Map<number, number>();

  constructor(private readonly store: CellStore) {}

  /**
   * Calls `fn` for each cell with fromDay ≤ day ≤ toDay, with a scratch Cell valid only during
   * the call (copy what you keep).
   */
  forEach(fromDay: number, toDay: number, fn: (day: number, stratum: string, c: Cell) => void): void {
    const scratch = emptyCell();
    for (const [key, row] of this.index) {
      const day = Math.floor(key / STRATA_BITS);
      if (day < fromDay || day > toDay) continue;
      reset(scratch);
      this.store.addInto(scratch, row);
      fn(day, this.store.stratumOf(key), scratch);
    }
  }

  /** The day's cells by stratum, as new objects (serialisation, series, tests); undefined when none. */
  get(day: number): Map<string, Cell> | undefined {
    let out: Map<string, Cell> | undefined;
    this.forEach(day, day, (_, stratum, c) => {
      out ??= new Map();
      out.set(stratum, { ...c, oc: [...c.oc], cd: { ...c.cd }, th: { ...c.th } });
    });
    return out;
  }
}

function reset(c: Cell): void {
  c.n = c.r = c.dl = c.lt = c.cr = c.cs = 0;
  c.oc[0] = c.oc[1] = c.oc[2] = c.oc[3] = 0;
  if (Object.keys(c.cd).length) c.cd = {};
  if (Object.keys(c.th).length) c.th = {};
}

export const CELL_SLOTS = { N, R, DL, LT, OC, CR, CS } as const;
