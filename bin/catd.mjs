#!/usr/bin/env node
// `catd` entry point. `catd central ...` (or its older name `catd intake ...`) is the central
// intake, a program of its own: it gets the arguments after that word. Everything else is the
// station. Each runs from its built bundle (npm run build) when present, else from the TypeScript
// source through tsx (a development checkout that has not been built yet).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const central = ['central', 'intake'].includes(process.argv[2] ?? '');
if (central) process.argv.splice(2, 1);
const [bundle, source] = central
  ? ['../dist/central/central.mjs', '../central/main.ts']
  : ['../dist/core/catd.mjs', '../electron/cli/catd.ts'];

const built = fileURLToPath(new URL(bundle, import.meta.url));
if (existsSync(built)) {
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source);
}
