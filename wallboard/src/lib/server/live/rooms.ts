import type { ViewScope } from '@caseload/shared';

export type Projection = 'full' | 'display';

/** One room per view and projection: `unit:U`, `unit:U:display`, `site:S`, `sites`, `sites:display`. */
export function viewRoom(scope: ViewScope, id: string | undefined, projection: Projection): string {
  const base = scope === 'sites' ? 'sites' : `${scope}:${id}`;
  return projection === 'display' ? `${base}:display` : base;
}

export function displayRoom(displayId: string): string {
  return `display:${displayId}`;
}

/** The view behind a room name, or null for rooms that are not views (a display's own room). */
export function parseViewRoom(room: string): { scope: ViewScope; id?: string; projection: Projection } | null {
  const parts = room.split(':');
  const projection: Projection = parts.at(-1) === 'display' ? 'display' : 'full';
  if (projection === 'display') parts.pop();
  if (parts[0] === 'sites' && parts.length === 1) return { scope: 'sites', projection };
  if ((parts[0] === 'unit' || parts[0] === 'site') && parts.length === 2)
    return { scope: parts[0], id: parts[1]!, projection };
  return null;
}
