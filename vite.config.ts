import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** What both sets of screens (the station's, the central's) build with. */
export const SCREENS_BUILD = {
  emptyOutDir: true,
  target: 'chrome130',
  modulePreload: { polyfill: false },
  assetsInlineLimit: 0,
  // One ~0.8 MB bundle read once from the local disk by the kiosk window: the 500 kB warning is
  // about downloads over a network, which never happen here.
  chunkSizeWarningLimit: 1024,
};

// The renderer is served by the core (same origin as the RPC), never by a dev server in
// production. No inline scripts are emitted, so the core's CSP can forbid them.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: { ...SCREENS_BUILD, outDir: '../dist/renderer' },
});
