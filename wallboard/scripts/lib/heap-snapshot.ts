/**
 * Reading V8 heap snapshots (the JSON of DevTools' `HeapProfiler.takeHeapSnapshot`) to find what a
 * page keeps: the objects alive in a later snapshot that were not in an earlier one (node ids are
 * stable within one session), grouped by class, and the chain of retainers that keeps one alive.
 */
export interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[]; edge_fields: string[]; edge_types: unknown[] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HeapGraph {
  count: number;
  id(node: number): number;
  /** `type:name`, with every string (and every number) under one class. */
  className(node: number): string;
  selfSize(node: number): number;
  /** Strong retainers of a node: the holder and how (`property:x`, `element:3`, `context:y`…). */
  retainers(node: number): { from: number; edge: string }[];
}

const STRINGS = new Set(['string', 'concatenated string', 'sliced string']);

export function heapGraph(raw: RawSnapshot): HeapGraph {
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nodeTypes = meta.node_types[0] as string[];
  const edgeTypes = meta.edge_types[0] as string[];
  const nType = meta.node_fields.indexOf('type');
  const nName = meta.node_fields.indexOf('name');
  const nId = meta.node_fields.indexOf('id');
  const nSize = meta.node_fields.indexOf('self_size');
  const nEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const count = raw.nodes.length / nf;

  // Edges are stored per node in node order; the reverse index is built once, weak edges left out.
  const retained: { from: number; edge: string }[][] = Array.from({ length: count }, () => []);
  let e = 0;
  for (let n = 0; n < count; n++) {
    const end = e + raw.nodes[n * nf + nEdges]! * ef;
    for (; e < end; e += ef) {
      const type = edgeTypes[raw.edges[e + eType]!]!;
      if (type === 'weak') continue;
      const nameOrIndex = raw.edges[e + eName]!;
      const label = type === 'element' || type === 'hidden' ? String(nameOrIndex) : raw.strings[nameOrIndex];
      retained[raw.edges[e + eTo]! / nf]!.push({ from: n, edge: `${type}:${label}` });
    }
  }
  return {
    count,
    id: (n) => raw.nodes[n * nf + nId]!,
    className(n) {
      const type = nodeTypes[raw.nodes[n * nf + nType]!]!;
      if (STRINGS.has(type) || type === 'number') return type;
      return `${type}:${raw.strings[raw.nodes[n * nf + nName]!]!.slice(0, 80)}`;
    },
    selfSize: (n) => raw.nodes[n * nf + nSize]!,
    retainers: (n) => retained[n]!,
  };
}

export interface NewClass {
  className: string;
  count: number;
  bytes: number;
  /** A few of the new nodes, for retainer chains. */
  samples: number[];
}

/** Classes of the objects in `after` that `before` did not have, largest total first. */
export function newObjects(before: HeapGraph, after: HeapGraph, samplesEach = 3): NewClass[] {
  const old = new Set<number>();
  for (let n = 0; n < before.count; n++) old.add(before.id(n));
  const byClass = new Map<string, NewClass>();
  for (let n = 0; n < after.count; n++) {
    if (old.has(after.id(n))) continue;
    const className = after.className(n);
    const c = byClass.get(className) ?? { className, count: 0, bytes: 0, samples: [] };
    c.count++;
    c.bytes += after.selfSize(n);
    if (c.samples.length < samplesEach) c.samples.push(n);
    byClass.set(className, c);
  }
  return [...byClass.values()].sort((a, b) => b.bytes - a.bytes || b.count - a.count);
}

/**
 * One chain of holders from a node towards the roots, each step the first retainer not yet on the
 * chain (V8's own `system /` internals last, so the chain reads through the page's objects).
 */
export function retainerChain(graph: HeapGraph, node: number, maxDepth = 12): string[] {
  const chain: string[] = [];
  const seen = new Set([node]);
  let current = node;
  for (let depth = 0; depth < maxDepth; depth++) {
    const next = graph
      .retainers(current)
      .filter((r) => !seen.has(r.from))
      .sort((a, b) => systemRank(graph.className(a.from)) - systemRank(graph.className(b.from)))[0];
    if (!next) break;
    seen.add(next.from);
    chain.push(`[${next.edge}] ${graph.className(next.from)} @${graph.id(next.from)}`);
    if (graph.className(next.from).startsWith('synthetic:')) break;
    current = next.from;
  }
  return chain;
}

const systemRank = (className: string) => (className.includes('system /') ? 1 : 0);
