// Builds what runs: the renderer (vite) into dist/renderer, the central's screens into dist/central-ui, the station's core into
// dist/core/catd.mjs, the Electron shell into dist/electron, and the central intake, a program of
// its own that the station's bundle does not contain, into dist/central/central.mjs (not packaged:
// the station installer carries only the station), the .deb's after-install into dist/deb/ and its
// root-side update installer into dist/update-installer/. Dependencies stay external (native
// modules are loaded from node_modules, and rebuilt for Electron at packaging time), except in the
// update installer, which runs outside the app with Debian's nodejs.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';
import { buildUpdateInstaller, writeDebScripts } from './deb-scripts.mjs';

const quiet = process.argv.includes('--quiet');
const started = performance.now();

await viteBuild({ configFile: 'vite.config.ts', logLevel: quiet ? 'warn' : 'info' });
// The central's own screens, served by `catd central` under /panel/ (central/panel-routes.ts).
await viteBuild({ configFile: 'vite.central.config.ts', logLevel: quiet ? 'warn' : 'info' });
// The Spanish guides, served by the core as printable pages (/guias/NAME) beside the renderer.
fs.mkdirSync('dist/renderer/guias', { recursive: true });
for (const f of fs.readdirSync('docs/guias')) fs.copyFileSync(`docs/guias/${f}`, `dist/renderer/guias/${f}`);

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};
await Promise.all([
  esbuild({ ...common, entryPoints: ['electron/cli/catd.ts'], outfile: 'dist/core/catd.mjs', format: 'esm' }),
  esbuild({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.mjs', format: 'esm' }),
  esbuild({
    ...common,
    entryPoints: ['central/main.ts'],
    outfile: 'dist/central/central.mjs',
    format: 'esm',
  }),
  // The quality gate's pixel work runs in worker threads: their entry is its own bundle, started
  // by analysis-worker-boot.mjs (copied beside catd.mjs below).
  esbuild({
    ...common,
    entryPoints: ['electron/capture/quality/analysis-worker.ts'],
    outfile: 'dist/core/quality-worker.mjs',
    format: 'esm',
  }),
  // Sandboxed preloads cannot be ES modules.
  esbuild({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
  }),
  buildUpdateInstaller(),
]);
fs.copyFileSync('electron/capture/quality/analysis-worker-boot.mjs', 'dist/core/analysis-worker-boot.mjs');
writeDebScripts();
if (!quiet) console.log(`build: listo en ${((performance.now() - started) / 1000).toFixed(1)} s`);
