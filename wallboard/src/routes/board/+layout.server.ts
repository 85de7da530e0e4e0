import { VIEW_ROLES } from '$lib/roles';
import { requirePrincipal } from '$lib/guards.server';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
  requirePrincipal(event, VIEW_ROLES);
  return {};
};
