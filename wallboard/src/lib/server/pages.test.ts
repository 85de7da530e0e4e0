import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { loadPages } from './pages.ts';

describe('loadPages', () => {
  it('serves without pages when there is no build, and says so in the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const handler = await loadPages('/nonexistent/build/handler.js', 'http://localhost:3000', pino(sink));
    expect(handler).toBeUndefined();
    expect(lines.join('')).toMatch(/no SvelteKit build: serving the API and \/live only/);
  });
});
