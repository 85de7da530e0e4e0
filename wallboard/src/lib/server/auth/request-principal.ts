import type { Principal } from './principal.ts';

/**
 * The express server resolves the principal once per request and leaves it on the Node request;
 * SvelteKit's `hooks.server.ts` picks it up from `event.platform.req` (adapter-node passes it).
 */
export const REQUEST_PRINCIPAL = 'cwPrincipal';

export type RequestWithPrincipal = { [REQUEST_PRINCIPAL]?: Principal | null };

export function principalOnRequest(req: unknown): Principal | null | undefined {
  if (typeof req !== 'object' || req === null) return undefined;
  return (req as RequestWithPrincipal)[REQUEST_PRINCIPAL];
}
