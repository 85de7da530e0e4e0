import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // server.ts mounts build/handler.js next to Socket.IO, so the adapter's own server is not used.
    adapter: adapter({ out: 'build' }),
    // A strict CSP: SvelteKit puts a nonce (SSR) or a hash (prerendered) on every inline script it emits,
    // so no 'unsafe-inline' is needed for scripts. Styles stay 'unsafe-inline' because Svelte sets
    // style attributes (bar widths, transitions) in the server-rendered markup.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
