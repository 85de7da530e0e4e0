import { describe, expect, it } from 'vitest';
import { heapGraph, newObjects, retainerChain, type RawSnapshot } from './heap-snapshot.ts';

/**
 * A tiny snapshot in V8's layout: nodes [type, name, id, self_size, edge_count], edges
 * [type, name_or_index, to_node (offset into nodes)].
 */
const NODE_FIELDS = ['type', 'name', 'id', 'self_size', 'edge_count'];
const NODE_TYPES = ['synthetic', 'object', 'string', 'closure'];
const EDGE_TYPES = ['property', 'element', 'weak'];

function snapshot(
  strings: string[],
  nodes: [type: number, name: number, id: number, size: number][],
  edges: [from: number, type: number, nameOrIndex: number, to: number][],
): RawSnapshot {
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  nodes.forEach(([type, name, id, size], n) => {
    const own = edges.filter((e) => e[0] === n);
    flatNodes.push(type, name, id, size, own.length);
    for (const [, t, k, to] of own) flatEdges.push(t, k, to * NODE_FIELDS.length);
  });
  return {
    snapshot: {
      meta: {
        node_fields: NODE_FIELDS,
        node_types: [NODE_TYPES],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES],
      },
    },
    nodes: flatNodes,
    edges: flatEdges,
    strings,
  };
}

const STRINGS = ['(GC roots)', 'Window', 'Store', 'views', 'held', 'label', 'cache', 'x'];
// root → Window → Store →(views) list →(0) held, held →(label) string
const before = snapshot(
  STRINGS,
  [
    [0, 0, 1, 0],
    [1, 1, 3, 40],
    [1, 2, 5, 24],
    [1, 3, 7, 16],
  ],
  [
    [0, 1, 0, 1],
    [1, 0, 2, 2],
    [2, 0, 3, 3],
  ],
);
const after = snapshot(
  STRINGS,
  [
    [0, 0, 1, 0],
    [1, 1, 3, 40],
    [1, 2, 5, 24],
    [1, 3, 7, 16],
    [1, 4, 9, 32],
    [1, 4, 11, 32],
    [2, 7, 13, 20],
    [1, 6, 15, 8],
  ],
  [
    [0, 1, 0, 1],
    [1, 0, 2, 2],
    [2, 0, 3, 3],
    [3, 1, 0, 4],
    [3, 1, 1, 5],
    [4, 0, 5, 6],
    // only weakly held: still new, but no strong retainer
    [1, 2, 6, 7],
  ],
);

describe('heap snapshot diff', () => {
  it('groups the objects new in the later snapshot by class, largest first', () => {
    const rows = newObjects(heapGraph(before), heapGraph(after));
    expect(rows.map((r) => [r.className, r.count, r.bytes])).toEqual([
      ['object:held', 2, 64],
      ['string', 1, 20],
      ['object:cache', 1, 8],
    ]);
  });

  it('follows strong retainers back to the root', () => {
    const graph = heapGraph(after);
    const label = newObjects(heapGraph(before), graph).find((r) => r.className === 'string')!.samples[0]!;
    expect(retainerChain(graph, label)).toEqual([
      '[property:label] object:held @9',
      '[element:0] object:views @7',
      '[property:views] object:Store @5',
      '[property:Store] object:Window @3',
      '[element:0] synthetic:(GC roots) @1',
    ]);
    const cache = newObjects(heapGraph(before), graph).find((r) => r.className === 'object:cache')!.samples[0]!;
    expect(retainerChain(graph, cache)).toEqual([]);
  });
});
