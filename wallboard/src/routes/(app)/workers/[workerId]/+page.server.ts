import { requirePrincipal } from '$lib/guards.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  requirePrincipal(event, ['lead', 'supervisor', 'operations']);
  return {};
};
