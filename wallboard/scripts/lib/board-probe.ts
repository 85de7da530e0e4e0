import type { Page } from 'playwright-core';

/**
 * What the measuring scripts and the restart tests read from a TV board in Chromium: its memory
 * (over the DevTools protocol, after a forced garbage collection), its live state and the views it
 * shows, recorded inside the page by a MutationObserver so nothing is missed between polls.
 */
export interface MemorySample {
  at: number;
  /** JS heap in use after a full GC (bytes). */
  heapUsed: number;
  /** Elements in the document. */
  elements: number;
  /** DOM nodes alive in the renderer, detached ones included (Memory.getDOMCounters). */
  domNodes: number;
  listeners: number;
}

/**
 * tsx (esbuild with keepNames) wraps named functions in `__name(...)`, which does not exist in the
 * page when a function is sent to `page.evaluate`; this defines it there as a no-op.
 */
async function nameShim(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (f) => f');
}

export async function sampleMemory(page: Page): Promise<MemorySample> {
  const cdp = await page.context().newCDPSession(page);
  try {
    // Twice: the first collection can leave objects with finalisers for the second.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const counters = await cdp.send('Memory.getDOMCounters');
    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    return {
      at: Date.now(),
      heapUsed: heap.usedSize,
      elements,
      domNodes: counters.nodes,
      listeners: counters.jsEventListeners,
    };
  } finally {
    await cdp.detach();
  }
}

/** Counters kept by the page itself: views shown (data-seq changes) and live/stale transitions. */
export interface BoardCounters {
  seqChanges: number;
  lastSeq: string | null;
  live: string | null;
  /** Times the board left "live", and the last moment it did. */
  leftLive: number;
  leftLiveAt: number | null;
  /** Set when the page is loaded again (a navigation would drop it): proves "untouched". */
  marker: string | null;
}

interface ProbeWindow {
  __boardProbe?: BoardCounters & { observer: MutationObserver };
}

/**
 * Installs the counters (fixed size, so the soak's own instrument does not grow the heap). A marker
 * string is kept on `window`; it survives only as long as no one reloads the page.
 */
export async function installCounters(page: Page, marker: string): Promise<void> {
  await nameShim(page);
  await page.evaluate((mark) => {
    const w = window as unknown as ProbeWindow;
    w.__boardProbe?.observer.disconnect();
    const read = () => ({
      seq: document.querySelector('[data-seq]')?.getAttribute('data-seq') ?? null,
      live: document.querySelector('.board')?.getAttribute('data-live') ?? null,
    });
    const first = read();
    const probe = {
      seqChanges: 0,
      lastSeq: first.seq,
      live: first.live,
      leftLive: 0,
      leftLiveAt: null as number | null,
      marker: mark,
      observer: new MutationObserver(() => {
        const now = read();
        if (now.seq !== probe.lastSeq) {
          if (now.seq !== null) probe.seqChanges++;
          probe.lastSeq = now.seq;
        }
        if (now.live !== probe.live) {
          if (probe.live === 'live') {
            probe.leftLive++;
            probe.leftLiveAt = Date.now();
          }
          probe.live = now.live;
        }
      }),
    };
    probe.observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    w.__boardProbe = probe;
  }, marker);
}

export async function readCounters(page: Page): Promise<BoardCounters | null> {
  return page.evaluate(() => {
    const p = (window as unknown as ProbeWindow).__boardProbe;
    if (!p) return null;
    const { seqChanges, lastSeq, live, leftLive, leftLiveAt, marker } = p;
    return { seqChanges, lastSeq, live, leftLive, leftLiveAt, marker };
  });
}

/**
 * Records, inside the page, each new text of one worker tile's "open" figure with Date.now() at the
 * mutation that showed it (the DOM change itself, not the next poll).
 */
export async function recordTileFigure(page: Page, tileIndex: number): Promise<void> {
  await nameShim(page);
  await page.evaluate((index) => {
    const w = window as unknown as { __tileSeen?: { text: string; at: number }[]; __tileObserver?: MutationObserver };
    w.__tileObserver?.disconnect();
    const read = () =>
      document.querySelectorAll('[data-testid="worker-tile"]')[index]?.querySelector('.figs b')?.textContent ?? '';
    const seen = [{ text: read(), at: Date.now() }];
    const observer = new MutationObserver(() => {
      const text = read();
      if (text !== seen[seen.length - 1]!.text) seen.push({ text, at: Date.now() });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    w.__tileSeen = seen;
    w.__tileObserver = observer;
  }, tileIndex);
}

/** When the recorded figure first showed `text` (page clock = this machine's clock), if it has. */
export async function figureShownAt(page: Page, text: string): Promise<number | undefined> {
  return page.evaluate(
    (t) =>
      (window as unknown as { __tileSeen?: { text: string; at: number }[] }).__tileSeen?.find((s) => s.text === t)?.at,
    text,
  );
}

export async function currentFigure(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as { __tileSeen?: { text: string }[] }).__tileSeen?.at(-1)?.text);
}

/** How much the board has to show: the unit view's size as JSON and its list lengths. */
export interface ViewSize {
  bytes: number;
  signals: number;
  overdue: number;
  funnelPoints: number;
}

/**
 * Reads the unit view over HTTP with the TV's own cookie (CONTRACT §3 `GET /api/views/unit/:id`),
 * from Node and not in the page, so the reading adds nothing to the heap it is set beside: a heap
 * that grows with the view is content, one that grows while the view does not is a leak.
 */
export async function viewSize(page: Page, unitId: string): Promise<ViewSize | undefined> {
  const url = new URL(`/api/views/unit/${encodeURIComponent(unitId)}`, page.url());
  // The figure is a side note to the soak: a failed read must not end a 30-minute run.
  const text = await page
    .context()
    .request.get(url.href, { headers: { origin: url.origin } })
    .then((res) => (res.ok() ? res.text() : undefined))
    .catch(() => undefined);
  if (text === undefined) return undefined;
  const body = JSON.parse(text) as {
    view?: { signals?: unknown[]; overdue?: unknown[]; funnel?: { points?: unknown[] } };
  };
  const view = body.view;
  return {
    bytes: Buffer.byteLength(text),
    signals: view?.signals?.length ?? 0,
    overdue: view?.overdue?.length ?? 0,
    funnelPoints: view?.funnel?.points?.length ?? 0,
  };
}

export interface NodeTypeCounts {
  elements: number;
  text: number;
  comments: number;
}

/**
 * Nodes in the document by type, in all and per board panel (`section` by its first class, and the
 * header): Svelte's blocks leave comment anchors and text nodes, so a block that leaks shows there.
 */
export async function domNodeTypes(page: Page): Promise<Record<string, NodeTypeCounts>> {
  await nameShim(page);
  return page.evaluate(() => {
    const count = (root: Node): NodeTypeCounts => {
      const c = { elements: 0, text: 0, comments: 0 };
      const walker = document.createTreeWalker(
        root,
        NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT | NodeFilter.SHOW_COMMENT,
      );
      for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
        if (node.nodeType === Node.ELEMENT_NODE) c.elements++;
        else if (node.nodeType === Node.TEXT_NODE) c.text++;
        else c.comments++;
      }
      return c;
    };
    const out: Record<string, NodeTypeCounts> = { document: count(document) };
    for (const el of document.querySelectorAll('.board header, .board section')) {
      const name = [...el.classList].find((c) => c !== 'panel' && !c.startsWith('svelte-')) ?? el.tagName.toLowerCase();
      out[name] = count(el);
    }
    return out;
  });
}
