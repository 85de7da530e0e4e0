import { publicPrincipal } from '$lib/guards.server';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
  principal: locals.principal ? publicPrincipal(locals.principal) : null,
});
