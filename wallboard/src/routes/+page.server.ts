import { redirect } from '@sveltejs/kit';
import { requirePrincipal } from '$lib/guards.server';
import type { PageServerLoad } from './$types';

/** Everyone lands where their role works: TVs on their board, leads on their unit, operations on /sites. */
export const load: PageServerLoad = (event) => {
  const p = requirePrincipal(event);
  const unit = p.units[0];
  const site = p.sites[0];
  if (p.role === 'display') {
    if (unit) redirect(303, `/board/unit/${encodeURIComponent(unit)}`);
    if (site) redirect(303, `/board/site/${encodeURIComponent(site)}`);
    redirect(303, '/not-authorised');
  }
  if ((p.role === 'lead' || p.role === 'supervisor') && unit) redirect(303, `/units/${encodeURIComponent(unit)}`);
  if (p.role === 'operations') redirect(303, '/sites');
  if (p.role === 'auditor') redirect(303, '/audit');
  return {};
};
