import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { SCREENS_BUILD } from './vite.config';

// The central's own screens (renderer/central/): served by `catd central` under /panel/ on the
// intake's ports, with the station core's CSP, so the same rules hold: no inline scripts.
export default defineConfig({
  root: 'renderer/central',
  base: '/panel/',
  plugins: [react()],
  build: { ...SCREENS_BUILD, outDir: '../../dist/central-ui' },
});
