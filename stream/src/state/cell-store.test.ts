import { describe, expect, it } from 'vitest';
import { emptyCell } from './records.ts';
import { CELL_SLOTS, CellLayout, CellStore } from './cell-store.ts';

const layout = new CellLayout(['violence', 'housing_instability'], ['engagement']);

describe('CellStore', () => {
  it('counts per worker × day × stratum and reads back as Cells', () => {
    const store = new CellStore(layout);
    const a = store.row('W', 100, 'housing|0');
    expect(store.row('W', 100, 'housing|0')).toBe(a);
    const b = store.row('W', 100, 'child_welfare|2');
    store.add(a, CELL_SLOTS.N, 2);
    store.add(a, layout.slotOfCode('violence')!, 1);
    store.add(b, CELL_SLOTS.OC + 2, 3);
    store.set(b, CELL_SLOTS.CS, 7);
    store.add(b, layout.slotOfTheme('engagement')!, 1);
    const day = store.get('W')!.get(100)!;
    expect(day.get('housing|0')).toEqual({ ...emptyCell(), n: 2, cd: { violence: 1 } });
    expect(day.get('child_welfare|2')).toEqual({ ...emptyCell(), oc: [0, 0, 3, 0], cs: 7, th: { engagement: 1 } });
    expect(store.get('W')!.get(101)).toBeUndefined();
    expect(store.find('W', 100, 'housing|0')).toBe(a);
    expect(store.find('W', 101, 'housing|0')).toBe(-1);
    expect(store.find('X', 100, 'housing|0')).toBe(-1);
  });

  it('saturates at 0 and 65,535 instead of wrapping', () => {
    const store = new CellStore(layout);
    const r = store.row('W', 1, 's|0');
    store.add(r, CELL_SLOTS.N, -1);
    expect(store.value(r, CELL_SLOTS.N)).toBe(0);
    store.set(r, CELL_SLOTS.CS, 70_000);
    expect(store.value(r, CELL_SLOTS.CS)).toBe(65_535);
  });

  it('grows its pool, prunes old days and reuses their rows zeroed', () => {
    const store = new CellStore(layout);
    for (let d = 0; d < 3000; d++) store.add(store.row(`W${d % 7}`, d, 's|0'), CELL_SLOTS.N, 1);
    expect(store.size).toBe(3000);
    const dropped = store.prune(2990);
    expect(dropped).toHaveLength(2990);
    expect(dropped).toContainEqual(['W0', 0]);
    expect(store.size).toBe(10);
    const fresh = store.row('W0', 5000, 's|0');
    expect(store.value(fresh, CELL_SLOTS.N)).toBe(0);
    expect(store.size).toBe(11);
    expect(
      store
        .get('W3')!
        .get(2990 + ((3 - (2990 % 7) + 7) % 7))
        ?.get('s|0')?.n,
    ).toBe(1);
  });

  it('restores a serialised Cell, ignoring codes the dictionary does not know', () => {
    const store = new CellStore(layout);
    const r = store.row('W', 9, 's|0');
    store.write(r, { ...emptyCell(), n: 4, r: 3, cd: { violence: 2, retired_code: 1 }, oc: [1, 2, 3, 4], cs: 5 });
    expect(store.get('W')!.get(9)!.get('s|0')).toEqual({
      ...emptyCell(),
      n: 4,
      r: 3,
      cd: { violence: 2 },
      oc: [1, 2, 3, 4],
      cs: 5,
    });
  });
});
