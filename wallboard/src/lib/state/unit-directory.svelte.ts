import type { UnitView, ViewMessage } from '@caseload/shared';
import type { LiveStore } from './live.svelte.ts';

interface Entry {
  name: string;
  workers: Record<string, string>;
}

/**
 * Unit and worker names for the laptop's headers and back links, which otherwise know only ids: from
 * the live view when the page already holds it, else read once from `GET /api/views/unit/:id` (the
 * same scope check as everywhere; a refused or missing unit simply keeps showing its id).
 */
export class UnitDirectory {
  #entries = $state<Record<string, Entry>>({});
  // Not state: which units were asked for already, so each is fetched at most once per page tree.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #asked = new Set<string>();

  constructor(private readonly live: LiveStore) {}

  /** The unit's name, or undefined until it is known. */
  name(unitId: string): string | undefined {
    return this.#entry(unitId)?.name;
  }

  /** A worker's full name (laptop roles only reach these pages), or undefined until known. */
  workerName(unitId: string, workerId: string): string | undefined {
    return this.#entry(unitId)?.workers[workerId];
  }

  #entry(unitId: string): Entry | undefined {
    const view = this.live.unit(unitId);
    if (view) return entryOf(view);
    this.#fetchOnce(unitId);
    return this.#entries[unitId];
  }

  #fetchOnce(unitId: string) {
    if (this.#asked.has(unitId) || typeof window === 'undefined') return;
    this.#asked.add(unitId);
    // Assigned when the answer comes, never during the render that asked.
    void fetch(`/api/views/unit/${encodeURIComponent(unitId)}`, { credentials: 'same-origin' })
      .then((res) => (res.ok ? (res.json() as Promise<ViewMessage>) : undefined))
      .then((msg) => {
        if (msg) this.#entries[unitId] = entryOf(msg.view as UnitView);
      })
      .catch(() => undefined);
  }
}

function entryOf(view: UnitView): Entry {
  return { name: view.name, workers: Object.fromEntries(view.workers.map((w) => [w.workerId, w.name])) };
}
