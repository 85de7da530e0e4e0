import { requirePrincipal } from '$lib/guards.server';
import type { PageServerLoad } from './$types';

/** The signal's unit is known only from its record, so the API decides the scope (403 on refusal). */
export const load: PageServerLoad = (event) => {
  const principal = requirePrincipal(event, ['lead', 'supervisor', 'operations']);
  return { canAct: principal.role === 'supervisor' };
};
