#!/usr/bin/env node
// A stand-in for fpm (which electron-builder downloads, and cannot here), for the one use the
// packaging test makes of it: `fpm -s dir -t deb ... src/=dest ...` as electron-builder's FpmTarget
// calls it (CUSTOM_FPM_PATH). It builds the .deb with Debian's dpkg-deb from the same arguments:
// the files where electron-builder maps them, its control fields, its after-install and
// after-remove as postinst and postrm. No compression (speed); the release machine runs the real
// fpm. The arguments are kept beside the package (<package>.fpm-args.json) for the test to read.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FLAGS_WITH_VALUE = new Set([
  '-s',
  '-t',
  '-d',
  '--deb-recommends',
  '--deb-compression',
  '--architecture',
  '--after-install',
  '--after-remove',
  '--description',
  '--version',
  '--package',
  '--name',
  '--maintainer',
  '--vendor',
  '--url',
  '--deb-priority',
  '--category',
  '--license',
  '--iteration',
  '--log',
]);
const args = process.argv.slice(2);
const opts = { depends: [], recommends: [], maps: [] };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--force' || a === '--debug') continue;
  if (!FLAGS_WITH_VALUE.has(a)) {
    if (!a.includes('=')) throw new Error(`fpm stand-in: unexpected argument ${a}`);
    const at = a.lastIndexOf('=');
    opts.maps.push({ from: a.slice(0, at), to: a.slice(at + 1) });
    continue;
  }
  const v = args[++i];
  if (a === '-d') opts.depends.push(v);
  else if (a === '--deb-recommends') opts.recommends.push(v);
  else opts[a.replace(/^-+/, '')] = v;
}
if (opts.s !== 'dir' || opts.t !== 'deb') throw new Error('fpm stand-in: only -s dir -t deb');

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'fpm-stand-in-'));
try {
  for (const { from, to } of opts.maps) {
    const dest = path.join(stage, to);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.cpSync(from, dest, { recursive: true, verbatimSymlinks: true });
  }
  const debian = path.join(stage, 'DEBIAN');
  fs.mkdirSync(debian);
  const [summary, ...rest] = opts.description.split('\n');
  const control = [
    `Package: ${opts.name}`,
    `Version: ${opts.version}`,
    `Architecture: ${opts.architecture}`,
    `Maintainer: ${opts.maintainer}`,
    `Depends: ${opts.depends.join(', ')}`,
    ...(opts.recommends.length ? [`Recommends: ${opts.recommends.join(', ')}`] : []),
    `Priority: ${opts['deb-priority'] ?? 'optional'}`,
    `Homepage: ${opts.url}`,
    `Description: ${summary}`,
    ...rest.map((l) => (l.trim() ? ` ${l.trim()}` : ' .')),
  ];
  fs.writeFileSync(path.join(debian, 'control'), `${control.join('\n')}\n`);
  fs.copyFileSync(opts['after-install'], path.join(debian, 'postinst'));
  fs.copyFileSync(opts['after-remove'], path.join(debian, 'postrm'));
  fs.chmodSync(path.join(debian, 'postinst'), 0o755);
  fs.chmodSync(path.join(debian, 'postrm'), 0o755);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Znone', '--build', stage, opts.package], {
    stdio: 'ignore',
  });
  fs.writeFileSync(`${opts.package}.fpm-args.json`, JSON.stringify({ ...opts, args }, null, 2));
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
