import { requirePrincipal } from '$lib/guards.server';
import type { LayoutServerLoad } from './$types';

/** Laptop pages are for people; a TV that wanders here is sent to its refusal page. */
export const load: LayoutServerLoad = (event) => {
  requirePrincipal(event, ['lead', 'supervisor', 'operations', 'auditor', 'admin']);
  return {};
};
