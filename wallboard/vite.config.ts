import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  build: {
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      // The server build imports the workspace package's root at run time rather than bundling it:
      // server.ts (under tsx) and the pages then share one copy of it, and shared/ reads its files
      // (the dictionary YAML) from where they are. Browser code imports only its types (erased) and
      // the node-free `@caseload/shared/views`, which is bundled.
      external: ['@caseload/shared'],
    },
  },
});
