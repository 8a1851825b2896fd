// The .deb's after-install: electron-builder's own template (its steps kept: a custom afterInstall
// would otherwise replace them) followed by the kiosk's (build/kiosk/linux/kiosk-after-install.sh).
// Written to dist/deb/after-install.sh by scripts/build.mjs; build/electron-builder.json names it
// as deb.afterInstall, and electron-builder expands the ${...} macros in both halves alike.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));

export const AFTER_INSTALL_OUT = 'dist/deb/after-install.sh';
export const KIOSK_AFTER_INSTALL = 'build/kiosk/linux/kiosk-after-install.sh';

/**
 * The root-side update installer (electron/cli/update-install.ts): bundled whole (it runs with
 * Debian's nodejs, outside app.asar, so nothing may stay external), copied by the linux
 * extraResources entry `from: outDir, to: resources`, so the .deb installs it at
 * /opt/<product>/resources/<resources>/<file>, the path catd-update.service starts.
 */
export const UPDATE_INSTALLER = {
  entry: 'electron/cli/update-install.ts',
  outDir: 'dist/update-installer',
  resources: 'update-installer',
  file: 'catd-update-install.mjs',
  /** Debian 12's nodejs. */
  target: 'node18',
};

/** Bundles the update installer to `outfile` (default: where the package takes it from). */
export async function buildUpdateInstaller(
  outfile = path.join(ROOT, UPDATE_INSTALLER.outDir, UPDATE_INSTALLER.file),
) {
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: ROOT,
    entryPoints: [UPDATE_INSTALLER.entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: UPDATE_INSTALLER.target,
    logLevel: 'warning',
  });
  return outfile;
}

/** electron-builder's default after-install template, as the installed version ships it. */
export function builderAfterInstallTemplate() {
  const templates = path.join(path.dirname(require.resolve('app-builder-lib/package.json')), 'templates');
  return fs.readFileSync(path.join(templates, 'linux', 'after-install.tpl'), 'utf8');
}

/** The whole after-install template (macros not yet expanded). */
export function afterInstallTemplate() {
  const kiosk = fs.readFileSync(path.join(ROOT, KIOSK_AFTER_INSTALL), 'utf8');
  return `${builderAfterInstallTemplate().trimEnd()}\n\n${kiosk}`;
}

export function writeDebScripts() {
  const out = path.join(ROOT, AFTER_INSTALL_OUT);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, afterInstallTemplate(), { mode: 0o755 });
  return out;
}
