// `npm start`: builds, starts the reference central intake (its own program, `catd central`) when
// the configuration points at the simulated one, then runs the Electron shell, or, where Electron
// cannot start (or with --web), the core in web mode, which prints the `UI:` line to open in a
// browser.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const web = args.includes('--web');
const coreArgs = args.filter((a) => a !== '--web');
const children = [];

function stopAll(code = 0) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const built = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const catd = ['dist/core/catd.mjs'];
const central = ['dist/central/central.mjs'];
const effective = spawnSync(
  process.execPath,
  [...catd, 'config', ...pick(coreArgs, ['--data', '--config'])],
  {
    encoding: 'utf8',
  },
);
if (effective.status !== 0) {
  process.stderr.write(effective.stderr);
  process.exit(effective.status ?? 2);
}
const { config, dataDir } = JSON.parse(effective.stdout);

const extra = [];
if (config.links.some((l) => l.url === 'sim:intake')) {
  // The simulated central keeps its data beside the station's, so receipts survive restarts.
  const centralData = path.join(dataDir, 'sim-central');
  const intake = spawn(process.execPath, [...central, '--port', '0', '--data', centralData], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(intake);
  const url = await firstLine(intake, /^Intake: (\S+)/);
  console.log(`Servidor de acopio simulado: ${url}`);
  extra.push('--sim-intake-url', url, '--sim-intake-data', centralData);
  intake.on('exit', (code) => console.error(`El servidor de acopio simulado terminó (código ${code}).`));
}

if (config.training.links.some((l) => l.url === 'sim:training-intake')) {
  // The training central: its own folder and process, and it refuses real records (as the
  // simulated real one refuses training records), so a rehearsal never reaches it.
  const trainingData = path.join(dataDir, 'sim-central-capacitacion');
  const intake = spawn(
    process.execPath,
    [...central, '--port', '0', '--data', trainingData, '--purpose', 'training'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(intake);
  const url = await firstLine(intake, /^Intake: (\S+)/);
  console.log(`Servidor de acopio de capacitación simulado: ${url}`);
  extra.push('--sim-training-intake-url', url, '--sim-training-intake-data', trainingData);
}

const electronBinary = web ? null : electronPath();
if (electronBinary) {
  const shell = spawn(electronBinary, ['dist/electron/main.mjs', '--', ...coreArgs, ...extra], {
    stdio: 'inherit',
  });
  children.push(shell);
  shell.on('exit', (code) => stopAll(code ?? 0));
} else {
  // Two glibc malloc arenas: sharp's large buffers fragment more of them (see electron/main.ts).
  const core = spawn(process.execPath, [...catd, 'start', ...coreArgs, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' },
  });
  children.push(core);
  core.on('exit', (code) => stopAll(code ?? 0));
}

/**
 * Path of a runnable Electron binary, or null after saying in one line why not. Reads what the
 * electron package records (path.txt) instead of importing it: only the shell imports electron.
 */
function electronPath() {
  let reason = 'el paquete electron no está instalado';
  try {
    const pkgDir = path.dirname(require.resolve('electron/package.json'));
    reason = 'su binario no se pudo descargar';
    const rel = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
    const bin = path.join(pkgDir, 'dist', rel);
    if (fs.existsSync(bin)) return bin;
  } catch {
    // reason already says which step failed
  }
  console.log(
    `Electron no puede iniciar en esta máquina (${reason}): sirvo la interfaz en loopback (modo web).`,
  );
  return null;
}

function pick(list, flags) {
  const out = [];
  for (let i = 0; i < list.length; i++) {
    const [flag, inline] = list[i].split(/=(.*)/s);
    if (!flags.includes(flag)) continue;
    if (inline !== undefined) out.push(list[i]);
    else out.push(list[i], list[++i]);
  }
  return out;
}

function firstLine(child, pattern) {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      const m = pattern.exec(line);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`el proceso terminó (código ${code}) antes de estar listo`)));
  });
}
