import { VIEW_ROLES } from '$lib/roles';
import { refuse, requirePrincipal, siteOutOfScope } from '$lib/guards.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  const principal = requirePrincipal(event, VIEW_ROLES);
  if (siteOutOfScope(principal, event.params.siteId)) refuse(principal, 'This site');
  return { siteId: event.params.siteId };
};
