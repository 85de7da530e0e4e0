import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'repo',
          root: '.',
          include: ['scripts/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/faults/**'],
          testTimeout: 30_000,
        },
      },
      {
        // Fault injection against the real stack (child processes): each fault is bounded on its own.
        test: {
          name: 'faults',
          root: '.',
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      ...['shared', 'ingest', 'stream', 'wallboard', 'load-tests'].map((name) => ({
        test: {
          name,
          root: `./${name}`,
          include: [
            'src/**/*.test.ts',
            'test/**/*.test.ts',
            'bench/**/*.test.ts',
            'eval/**/*.test.ts',
            'k6/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', 'build/**', '.svelte-kit/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
