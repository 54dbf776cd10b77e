import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dashboard is a static bundle served by the API at `/`; relative asset paths keep it servable from any
 * prefix. `dev` proxies the API so that `vite` can run against a service on :8004.
 */
export default defineConfig({
  root,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // bigint (exact decimals) needs ES2020; every current browser has it.
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8004', ws: true },
      '/emergency-stop': 'http://127.0.0.1:8004',
      '/health': 'http://127.0.0.1:8004',
    },
  },
});
