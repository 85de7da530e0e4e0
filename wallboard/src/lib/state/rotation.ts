/**
 * Rotation between boards (`?rotate=unit:u1,unit:u2,site:s1&every=60`): the list of boards and the
 * one after the current. Pure, so the page's timer and the tests share it.
 */
export interface BoardRef {
  scope: 'unit' | 'site';
  id: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function parseRotation(raw: string | null): BoardRef[] {
  if (!raw) return [];
  const out: BoardRef[] = [];
  for (const part of raw.split(',')) {
    const [scope, id] = part.trim().split(':');
    if ((scope === 'unit' || scope === 'site') && id && ID.test(id)) out.push({ scope, id });
  }
  return out;
}

export function boardPath(ref: BoardRef): string {
  return `/board/${ref.scope}/${encodeURIComponent(ref.id)}`;
}

export function nextBoard(list: BoardRef[], current: BoardRef): BoardRef | null {
  if (list.length < 2) return null;
  const i = list.findIndex((b) => b.scope === current.scope && b.id === current.id);
  return list[(i + 1) % list.length] ?? null;
}

/** Seconds per board: 10 to 3600, default 45. */
export function rotationSeconds(raw: string | null): number {
  const n = Number(raw);
  return Number.isFinite(n) && n >= 10 && n <= 3600 ? n : 45;
}
