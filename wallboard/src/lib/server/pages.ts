import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * SvelteKit's adapter-node handler from `build/handler.js`, when `npm run build -w wallboard` has made
 * one; without it the server still serves the API and `/live`, and says so.
 */
export async function loadPages(handlerPath: string, origin: string, log: Logger): Promise<RequestHandler | undefined> {
  if (!existsSync(handlerPath)) {
    log.warn({ handlerPath }, 'no SvelteKit build: serving the API and /live only (run `npm run build -w wallboard`)');
    return undefined;
  }
  // adapter-node builds absolute URLs and checks form origins from ORIGIN, read when it loads.
  process.env.ORIGIN ??= origin;
  try {
    const { handler } = (await import(pathToFileURL(handlerPath).href)) as { handler: RequestHandler };
    log.info({ handlerPath }, 'serving the SvelteKit build');
    return handler;
  } catch (e) {
    // A broken build must not take the API and the live views down with it.
    log.error(
      { handlerPath, err: (e as Error).message },
      'the SvelteKit build failed to load: serving the API and /live only',
    );
    return undefined;
  }
}
