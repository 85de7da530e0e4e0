import { refuse, requirePrincipal, unitOutOfScope } from '$lib/guards.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  const principal = requirePrincipal(event, ['lead', 'supervisor', 'operations']);
  if (unitOutOfScope(principal, event.params.unitId)) refuse(principal, 'This unit');
  return { unitId: event.params.unitId };
};
