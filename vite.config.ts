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
    // One ~0.8 MB bundle read once from the local disk by the kiosk window: the 500 kB warning is
    // about downloads over a network, which never happen here.
    chunkSizeWarningLimit: 1024,
  },
});
