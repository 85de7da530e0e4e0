import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** Only same-site paths may be a `next`: an absolute URL there would make the login an open redirect. */
function safeNext(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  return raw;
}

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  if (locals.principal?.kind === 'user') redirect(303, next);
  return { next, failed: url.searchParams.has('error') };
};
