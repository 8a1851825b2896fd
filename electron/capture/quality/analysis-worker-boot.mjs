// Starts the analysis worker: the bundled build (dist/core/quality-worker.mjs, which
// scripts/build.mjs puts beside catd.mjs) when it is there, else the TypeScript source through
// tsx (development, tests). Plain .mjs because a worker thread does not inherit the parent's TypeScript loader.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('./quality-worker.mjs', import.meta.url);
if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./analysis-worker.ts');
}
