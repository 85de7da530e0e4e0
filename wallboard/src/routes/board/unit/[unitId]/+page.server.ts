import { VIEW_ROLES } from '$lib/roles';
import { refuse, requirePrincipal, unitOutOfScope } from '$lib/guards.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  const principal = requirePrincipal(event, VIEW_ROLES);
  if (unitOutOfScope(principal, event.params.unitId)) refuse(principal, 'This unit');
  return { unitId: event.params.unitId };
};
