import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@caseload/shared';
import { loadWallboardConfig } from './src/lib/server/config.ts';
import { closeDeps, createDeps } from './src/lib/server/deps.ts';
import { createApp } from './src/lib/server/http/app.ts';
import { createLiveServer } from './src/lib/server/live/server.ts';
import { loadPages } from './src/lib/server/pages.ts';

/**
 * The wallboard's Node entry: config, connections, the express app with SvelteKit's handler mounted
 * last (when `npm run build -w wallboard` has made one), Socket.IO `/live` on the same HTTP server,
 * listen, and a graceful close on SIGINT/SIGTERM.
 */
async function main() {
  let config;
  try {
    config = loadWallboardConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const deps = await createDeps(config);
  const { log } = deps;

  const pages = await loadPages(fileURLToPath(new URL('./build/handler.js', import.meta.url)), config.origin, log);

  const httpServer = createServer(createApp(deps, pages ? { pages } : {}));
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  httpServer.requestTimeout = 30_000;
  const live = createLiveServer(httpServer, deps);
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  log.info({ port: config.port, origin: config.origin }, 'wallboard listening');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await live.close();
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeAllConnections();
    await closeDeps(deps);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
