#!/usr/bin/env node
// `catd` entry point: the built core (npm run build) when present, else the TypeScript source
// through tsx (a development checkout that has not been built yet).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/core/catd.mjs', import.meta.url));
if (existsSync(built)) {
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/catd.ts');
}
