import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard's build. `npm run build:web` writes web/dist, which the hub serves at `/`.
 * `npx vite --config web/vite.config.ts` runs a dev server that proxies `/api` (SSE included)
 * to a running hub: STOCKMESH_URL, default http://127.0.0.1:3000.
 */
const hub = process.env.STOCKMESH_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: hub, changeOrigin: false } },
  },
});
