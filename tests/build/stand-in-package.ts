// Builds the Linux package here, for real, with electron-builder itself (its file selection,
// asar, asarUnpack, extraResources, beforePack hook, after-install macros and deb target), from
// build/electron-builder.json with only what this machine cannot do replaced. Each replacement is
// listed in STAND_IN, and tests/build/package.test.ts checks that nothing else differs:
// - electronDist: Electron's binary cannot be downloaded here; a stand-in folder takes its place.
// - electronFuses: flipped in the real Electron binary on the release machine (the stand-in has
//   no fuse wire to flip).
// - npmRebuild: needs Electron's headers (a download); the natives stay as npm installed them
//   (N-API prebuilds for node-hid, serialport and sharp; better-sqlite3 built for this Node).
// - fpm (a download) is tests/build/fpm-stand-in.mjs, which builds the .deb with dpkg-deb.
// - the update key: a throwaway key made by the key ceremony script (the repo carries none).
// About 15 s on 2 cores.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface StandInBuild {
  out: string;
  /** electron-builder's unpacked app (what the .deb carries in /opt/<product>/). */
  unpacked: string;
  deb: string;
  /** The arguments electron-builder gave fpm. */
  fpm: { depends: string[]; maps: { from: string; to: string }[]; args: string[] };
  publicKey: string;
  config: Record<string, any>;
  log: string;
}

export const realConfig = (): Record<string, any> =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'build/electron-builder.json'), 'utf8'));

/** The keys of the real configuration the stand-in build replaces, and nothing else. */
export const STAND_IN = [
  'electronDist',
  'electronFuses',
  'npmRebuild',
  'directories',
  'extraResources',
  'publish',
];

function standInElectron(dir: string): string {
  const dist = path.join(dir, 'electron-stand-in');
  fs.mkdirSync(path.join(dist, 'locales'), { recursive: true });
  fs.mkdirSync(path.join(dist, 'resources'));
  fs.writeFileSync(path.join(dist, 'electron'), '#!/bin/sh\necho "stand-in for Electron"\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dist, 'chrome-sandbox'), '', { mode: 0o755 });
  fs.writeFileSync(path.join(dist, 'locales', 'es-419.pak'), '');
  fs.writeFileSync(path.join(dist, 'version'), '45.5.0');
  return dist;
}

/** Builds dist/ if needed, then the .deb (and the unpacked folder it holds) into `dir`. */
export function buildStandInPackage(dir: string): StandInBuild {
  const built = ['dist/deb/after-install.sh', 'dist/update-installer/catd-update-install.mjs'];
  if (!built.every((f) => fs.existsSync(path.join(ROOT, f)))) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  }
  const keyDir = path.join(dir, 'key');
  const gen = spawnSync(process.execPath, ['scripts/update-key.mjs', 'generate', '--out', keyDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (gen.status !== 0) throw new Error(`key: ${gen.stderr}`);
  const out = path.join(dir, 'out');
  const real = realConfig();
  delete real.$schema;
  const config = {
    ...real,
    electronDist: standInElectron(dir),
    electronFuses: null,
    npmRebuild: false,
    directories: { ...real.directories, output: out },
    extraResources: [{ from: path.join(keyDir, 'update-signing.pub'), to: 'update-signing.pub' }],
    publish: null,
  };
  const configFile = path.join(dir, 'electron-builder.stand-in.json');
  fs.writeFileSync(configFile, JSON.stringify(config));
  const cli = path.join(ROOT, 'node_modules/electron-builder/cli.js');
  const r = spawnSync(
    process.execPath,
    [cli, '--linux', 'deb', '--x64', '--config', configFile, '--publish', 'never'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CUSTOM_FPM_PATH: path.join(ROOT, 'tests/build/fpm-stand-in.mjs') },
    },
  );
  const log = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`electron-builder failed:\n${log}`);
  const deb = fs.readdirSync(out).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error(`no .deb in ${out}:\n${log}`);
  return {
    out,
    unpacked: path.join(out, 'linux-unpacked'),
    deb: path.join(out, deb),
    fpm: JSON.parse(fs.readFileSync(path.join(out, `${deb}.fpm-args.json`), 'utf8')),
    publicKey: fs.readFileSync(path.join(keyDir, 'update-signing.pub'), 'utf8'),
    config,
    log,
  };
}

/** Total size in bytes of the files under `dir`. */
export function treeSize(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
  return total;
}
