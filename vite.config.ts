import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is served by the core (same origin as the RPC), never by a dev server in
// production. No inline scripts are emitted, so the core's CSP can forbid them.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
