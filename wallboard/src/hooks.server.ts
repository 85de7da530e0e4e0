import type { Handle } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { principalForPage } from '$lib/server/auth/hook-principal';

/** `event.locals.principal` from the session (see hook-principal.ts for where it comes from). */
export const handle: Handle = async ({ event, resolve }) => {
  event.locals.principal = await principalForPage(event.platform, event.request.headers.get('cookie'), () =>
    env.AUTH_SECRET && env.AUTH_SECRET.length >= 32 ? env.AUTH_SECRET : undefined,
  );
  return resolve(event);
};
