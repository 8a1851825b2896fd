import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The central's own screens (renderer/central/): served by `catd central` under /panel/ on the
// intake's ports, with the station core's CSP, so the same rules hold: no inline scripts. The
// build options are the renderer's (vite.config.ts); a config importing another draws a Vite
// warning on every build, so they are written out again.
export default defineConfig({
  root: 'renderer/central',
  base: '/panel/',
  plugins: [react()],
  build: {
    outDir: '../../dist/central-ui',
    emptyOutDir: true,
    target: 'chrome130',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
