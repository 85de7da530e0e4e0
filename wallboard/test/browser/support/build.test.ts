import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { devRuntimeChunks, productionBuildEnv } from './build.ts';

describe('the build the browser tests and the soak run', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is made in production even when started from a test (NODE_ENV=test)', () => {
    // vite builds in development mode whenever NODE_ENV is not `production`.
    expect(productionBuildEnv({ NODE_ENV: 'test', PATH: '/bin' })).toEqual({ NODE_ENV: 'production', PATH: '/bin' });
    expect(productionBuildEnv({}).NODE_ENV).toBe('production');
  });

  it('finds client chunks that carry Svelte’s development runtime', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-build-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(join(dir, 'chunks', 'dev.js'), 'if (DEV) el.__svelte_meta = { loc };');
    writeFileSync(join(dir, 'chunks', 'prod.js'), 'export const a = 1;');
    writeFileSync(join(dir, 'notes.txt'), '__svelte_meta');
    expect(devRuntimeChunks(dir)).toEqual([join(dir, 'chunks', 'dev.js')]);
    expect(devRuntimeChunks(join(dir, 'missing'))).toEqual([]);
  });
});
