import { requirePrincipal } from '$lib/guards.server';
import type { PageServerLoad } from './$types';

/** Note text only for leads and supervisors in scope, or operations through break-glass (the API decides). */
export const load: PageServerLoad = (event) => {
  const principal = requirePrincipal(event, ['lead', 'supervisor', 'operations']);
  return { breakGlass: principal.role === 'operations' };
};
