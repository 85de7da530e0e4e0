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
