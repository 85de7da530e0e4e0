import type { ViewMessage } from '@caseload/shared';

/** The key a view is kept under: `unit:u1`, `site:s1`, `sites`. */
export function viewKey(scope: ViewMessage['scope'], id?: string): string {
  return scope === 'sites' ? 'sites' : `${scope}:${id ?? ''}`;
}

/**
 * Whether an incoming view may replace the one shown. A lower `seq` is an older view (a late
 * duplicate from another wallboard instance, a reconnect race); showing it would move the board
 * backwards in time. An equal `seq` is the same view again (the whole view after a reconnect).
 */
export function isNewer(current: ViewMessage | undefined, incoming: ViewMessage): boolean {
  return current === undefined || incoming.seq > current.seq;
}
