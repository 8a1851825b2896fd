// `npm run release`: the release path, on a build machine with internet access (Electron, fpm,
// NSIS and appimagetool are downloads). docs/operations.md, "Publicar una versión", is the checklist.
//   node scripts/release.mjs build [--win]
//       checks the update key is the project's (beforePack does it again), builds, then deb and
//       AppImage (and NSIS with --win, on Windows, with its code-signing certificate in CSC_LINK),
//       fuses flipped and natives rebuilt for Electron; prints each file's SHA-256 for the signing record
//   node scripts/release.mjs feed --signed DIR --out FEED
//       after the offline signing (scripts/update-key.mjs sign, on the offline machine), assembles
//       the feed: each package, its .release.json (verified here against build/update-signing.pub)
//       and electron-builder's latest*.yml
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { updateKeyProblem } from './require-update-key.mjs';

const OUT = 'dist/packages';
const PACKAGE = /\.(deb|AppImage|exe)$/;

function run(cmd, args) {
  console.log(`\n▶ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: { win: { type: 'boolean' }, signed: { type: 'string' }, out: { type: 'string' } },
});

if (command === 'build') {
  const problem = updateKeyProblem();
  if (problem) {
    console.error(problem);
    process.exit(2);
  }
  run(process.execPath, ['scripts/build.mjs']);
  const targets = values.win ? ['--win', 'nsis'] : ['--linux', 'deb', 'AppImage'];
  run('npx', [
    'electron-builder',
    '--config',
    'build/electron-builder.json',
    ...targets,
    '--publish',
    'never',
  ]);
  const version = JSON.parse(fs.readFileSync('package.json', 'utf8')).version;
  console.log(`\nPaquetes de la versión ${version} (lleve estos archivos a la máquina de firma):`);
  for (const f of fs.readdirSync(OUT).filter((n) => PACKAGE.test(n))) {
    const sha = createHash('sha256')
      .update(fs.readFileSync(path.join(OUT, f)))
      .digest('hex');
    console.log(`  ${sha}  ${f}`);
  }
} else if (command === 'feed') {
  if (!values.signed || !values.out) {
    console.error('Uso: feed --signed CARPETA --out CARPETA_DEL_FEED');
    process.exit(2);
  }
  fs.mkdirSync(values.out, { recursive: true });
  const packages = fs.readdirSync(values.signed).filter((n) => PACKAGE.test(n));
  if (packages.length === 0) {
    console.error(`No hay paquetes en ${values.signed}.`);
    process.exit(2);
  }
  for (const f of packages) {
    const file = path.join(values.signed, f);
    // A package whose release does not verify never reaches the feed.
    run(process.execPath, [
      'scripts/update-key.mjs',
      'verify',
      '--pub',
      'build/update-signing.pub',
      '--file',
      file,
    ]);
    for (const g of [f, `${f}.release.json`])
      fs.copyFileSync(path.join(values.signed, g), path.join(values.out, g));
  }
  for (const y of fs.readdirSync(OUT).filter((n) => /^latest.*\.yml$/.test(n)))
    fs.copyFileSync(path.join(OUT, y), path.join(values.out, y));
  console.log(`Feed listo en ${values.out}: ${packages.join(', ')}`);
} else {
  console.error('Uso: node scripts/release.mjs build [--win] | feed --signed CARPETA --out FEED');
  process.exit(2);
}
