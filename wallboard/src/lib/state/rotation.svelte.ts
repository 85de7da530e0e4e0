import { goto } from '$app/navigation';
import { boardPath, nextBoard, parseRotation, rotationSeconds, type BoardRef } from './rotation.ts';

/** How long a new alert holds the rotation on the board that shows it. */
const HOLD_ON_ALERT_MS = 5 * 60_000;

/**
 * Moves the TV to the next board every N seconds, unless a new alert arrived lately: then it stays,
 * so the room sees the alert. Query parameters travel along so every board keeps the same settings.
 */
export class Rotation {
  #timer: ReturnType<typeof setInterval> | null = null;
  #heldUntil = $state(0);
  #shownAt = Date.now();
  // Not state: only consulted when alerts arrive. The alerts open at the last call only, so a TV left
  // on for months keeps no history of every alert it ever showed; one that closes and opens again is new.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #openAlerts = new Set<string>();
  #primed = false;

  get held() {
    return this.#heldUntil > Date.now();
  }

  /** Feed the open alerts' ids; the first call only records what is already there. */
  noteAlerts(ids: string[]) {
    const fresh = ids.some((id) => !this.#openAlerts.has(id));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- see #openAlerts
    this.#openAlerts = new Set(ids);
    if (fresh && this.#primed) this.#heldUntil = Date.now() + HOLD_ON_ALERT_MS;
    this.#primed = true;
  }

  start(url: URL, current: BoardRef): () => void {
    const list = parseRotation(url.searchParams.get('rotate'));
    const every = rotationSeconds(url.searchParams.get('every')) * 1000;
    const next = nextBoard(list, current);
    if (!next) return () => {};
    this.#shownAt = Date.now();
    this.#timer = setInterval(() => {
      if (this.held || Date.now() - this.#shownAt < every) return;
      // eslint-disable-next-line svelte/no-navigation-without-resolve -- a board path built from ?rotate=
      void goto(`${boardPath(next)}${url.search}`, { replaceState: true, noScroll: true });
    }, 1000);
    return () => {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = null;
    };
  }
}
