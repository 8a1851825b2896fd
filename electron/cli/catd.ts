// The station's `catd` commands: `catd start` runs the core, `catd config` prints the effective
// configuration, and the supervisor's tools (enrol, doctor, quality, audit). `catd central` is the
// central intake, another program: bin/catd.mjs sends it to the central's own bundle, so none of
// it is in the station's. Errors are one clear line and exit code 2.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCore, type Core } from '../app/core';
import { ConfigError, defaultDataDir, loadConfig } from '../station/config';
import { MigrationError } from '../store/db';
import { AUTH_PATH } from '../../shared/rpc';
import { UpdateReleaseSchema } from '../platform/update-release';
import type { UpdatePhase } from '../platform/shell-contract';
import { AuditUsageError, runAuditCommand } from './audit';
import { runQualityCommand } from './quality';
import { runDoctorCommand } from './doctor';
import { EnrolUsageError, runEnrolCommand } from './enrol';
import { UPDATE_STATUS_FILE } from '../platform/update-spool';
import { runTrainingCommand, TrainingUsageError } from './training';

const HELP = `catd — estación de trabajo del CATD (PREP)

Uso:
  catd start  [--data DIR] [--config ARCHIVO] [--port N]   inicia el núcleo y sirve la interfaz en 127.0.0.1
  catd config [--data DIR] [--config ARCHIVO]              muestra la configuración en vigor
  catd enrol --central-key ARCHIVO.pub [--data DIR]       inscribe la estación: instala la llave del centro
  catd doctor [--data DIR] [--config ARCHIVO] [--json]     revisa cada dispositivo y enlace y dice qué falla
  catd quality [--json] ARCHIVO...                         revisa la calidad e identificación de imágenes de actas
  catd audit verify [--data DIR] [--anchors ARCHIVO] [--central-pub CLAVE.pub]
                                                           verifica la cadena de la bitácora (y contra las anclas del centro)
  catd audit export [--data DIR] --out ARCHIVO             exporta la bitácora firmada con la llave de la estación
  catd audit verify-export ARCHIVO --pub CLAVE.pub         verifica una exportación con la clave de la estación obtenida aparte
  catd training pack ESCENARIO.json --out ARCHIVO.pdf      imprime las actas de un escenario de capacitación (carta, con portada)

Opciones:
  --data DIR        carpeta de datos (predeterminada: ${defaultDataDir()})
  --config ARCHIVO  archivo de configuración (predeterminado: DIR/config.json, creado si falta)
  --port N          puerto en 127.0.0.1; 0 = cualquier puerto libre (predeterminado: 0)

El acopio central es otro programa con la misma orden (sus opciones: «catd central --help»):
  catd central [--port N]... [--data DIR] [--tls] [--fault MODO]   servidor de acopio central de referencia
  catd central import CARPETA --data DIR                           importa actas traídas en medio removible
  catd central enrol --station ID --key ARCHIVO.pub --data DIR     inscribe la llave pública de una estación
  catd central actas --data DIR [--key CLAVE]                      registros de cada casilla y cuál está vigente
  catd central anchors --station ID --data DIR [--out ARCHIVO]     anclas de la bitácora de una estación, firmadas
  catd central verify-export ARCHIVO --station ID --data DIR       verifica la bitácora exportada de una estación
`;

/** Message a utilityProcess parent (the Electron shell) exchanges with the core. */
type ShellMessage =
  | { type: 'mint-token' }
  | { type: 'update'; phase: UpdatePhase; version: string | null; problem: string | null }
  | { type: 'update-verified'; release: unknown; runningVersion: string };
type CoreMessage =
  | { type: 'ready'; origin: string; updateFeedUrl: string | null; updateChannel: string }
  | { type: 'token'; token: string }
  | { type: 'exit'; code: number }
  | { type: 'update-install'; version: string }
  | { type: 'update-apply'; version: string };
interface ParentPort {
  on(event: 'message', listener: (e: { data: ShellMessage }) => void): void;
  postMessage(message: CoreMessage): void;
}

class UsageError extends Error {}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new UsageError(`--port debe ser un número entre 0 y 65535 (recibido: «${value}»)`);
  }
  return n;
}

export function findRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../dist/renderer')];
  return candidates.find((c) => fs.existsSync(path.join(c, 'index.html'))) ?? candidates[0]!;
}

async function cmdStart(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      config: { type: 'string' },
      port: { type: 'string' },
      'sim-intake-url': { type: 'string' },
      'sim-intake-data': { type: 'string' },
      'sim-training-intake-url': { type: 'string' },
      'sim-training-intake-data': { type: 'string' },
    },
    strict: true,
  });
  const port = parsePort(values.port, 0);
  const dataDir = path.resolve(values.data ?? defaultDataDir());
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  let core: Core;
  // A training switch restarts the core: under the shell, this process ends and the shell starts
  // another (new window, new token); alone, the core restarts here on the same port and prints
  // a new UI link (the old session belonged to the other database).
  const later = (f: () => Promise<void>) => setTimeout(() => void f(), 100);
  const shell = parentPort
    ? {
        requestExit: (code: number) => parentPort.postMessage({ type: 'exit', code }),
        installUpdate: (version: string) => parentPort.postMessage({ type: 'update-install', version }),
        applyUpdate: (version: string) => parentPort.postMessage({ type: 'update-apply', version }),
        // The kiosk's .deb installs through the root-side installer, which reports here.
        ...(process.platform === 'linux' ? { updateStatusFile: UPDATE_STATUS_FILE } : {}),
        restartCore: () =>
          later(async () => {
            await core.stop();
            process.exit(0);
          }),
      }
    : {
        requestExit: (code: number) =>
          later(async () => {
            await core.stop();
            process.exit(code);
          }),
        restartCore: () =>
          later(async () => {
            const samePort = core.port;
            await core.stop();
            core = await startCore({ ...startOptions, port: samePort });
            printAccounts(core);
            announce(core);
          }),
      };
  const startOptions = {
    shell,
    dataDir,
    port,
    rendererDir: findRendererDir(),
    ...(values.config ? { configFile: values.config } : {}),
    ...(values['sim-intake-url'] ? { simIntakeUrl: values['sim-intake-url'] } : {}),
    ...(values['sim-intake-data'] ? { simIntakeData: values['sim-intake-data'] } : {}),
    ...(values['sim-training-intake-url'] ? { simTrainingIntakeUrl: values['sim-training-intake-url'] } : {}),
    ...(values['sim-training-intake-data']
      ? { simTrainingIntakeData: values['sim-training-intake-data'] }
      : {}),
  };
  try {
    core = await startCore(startOptions);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`el puerto ${port} ya está en uso: elija otro con --port o use --port 0`);
    }
    throw err;
  }

  const stop = async () => {
    await core.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  printAccounts(core);
  if (parentPort) {
    // Under the Electron shell: the launch token goes over the private parent port, never stdout.
    parentPort.on('message', (e) => {
      const msg = e.data;
      if (msg.type === 'mint-token') parentPort.postMessage({ type: 'token', token: core.mintLaunchToken() });
      else if (msg.type === 'update') core.services.updates.report(msg.phase, msg.version, msg.problem);
      else if (msg.type === 'update-verified') {
        // Checked again here: the core, not the shell, decides what is installed and when.
        const parsed = UpdateReleaseSchema.safeParse(msg.release);
        if (parsed.success) core.services.updates.verified(parsed.data, msg.runningVersion);
        else core.services.updates.report('rejected', null, 'update.error.signature');
      }
    });
    parentPort.postMessage({
      type: 'ready',
      origin: core.origin,
      updateFeedUrl: core.config.updates.feedUrl,
      updateChannel: core.config.updates.channel,
    });
    return;
  }
  announce(core);
  if (process.stdin.isTTY) {
    // Each link works once; a second window (or a browser restart) needs a fresh one.
    console.log('Pulse Intro en esta terminal para obtener otro enlace (cada enlace sirve una sola vez).');
    readline.createInterface({ input: process.stdin }).on('line', () => console.log(uiLine(core)));
  }

  function printAccounts(core: Core): void {
    if (!core.demoAccounts && core.config.mode === 'simulated') {
      console.log(
        `Cuentas de demostración: operador1 y supervisor1 (sus PIN se mostraron en el primer arranque; si los perdió, use otra carpeta con --data o borre ${dataDir}).`,
      );
    }
    if (core.demoAccounts) {
      console.log('Cuentas de demostración (creadas ahora; sus PIN no se volverán a mostrar):');
      for (const a of core.demoAccounts) {
        console.log(`  ${a.role === 'supervisor' ? 'Supervisor' : 'Operador  '}  id: ${a.id}  PIN: ${a.pin}`);
      }
    }
  }

  function uiLine(core: Core): string {
    return `UI: ${core.origin}${AUTH_PATH}?token=${core.mintLaunchToken()}`;
  }

  /** What a person at the terminal needs after each start (and after a training switch). */
  function announce(core: Core): void {
    if (core.services.training.purpose === 'training')
      console.log(
        `Modo: CAPACITACIÓN (datos en ${core.services.dataDir}; nada de esto llega a un acopio real)`,
      );
    console.log(`Datos: ${core.services.dataDir}  ·  Configuración: ${core.configFile}`);
    console.log(uiLine(core));
  }
}

function cmdConfig(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, config: { type: 'string' } },
    strict: true,
  });
  const dataDir = path.resolve(values.data ?? defaultDataDir());
  const { config, file } = loadConfig(dataDir, values.config);
  console.log(JSON.stringify({ file, dataDir, config }, null, 2));
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await cmdStart(rest);
      case 'config':
        return cmdConfig(rest);
      case 'enrol':
        process.exitCode = runEnrolCommand(rest);
        return;
      case 'doctor':
        process.exitCode = await runDoctorCommand(rest);
        return;
      case 'quality':
        process.exitCode = await runQualityCommand(rest);
        return;
      case 'audit':
        process.exitCode = runAuditCommand(rest);
        return;
      case 'training':
        process.exitCode = await runTrainingCommand(rest);
        return;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        return;
      default:
        throw new UsageError(`orden desconocida «${command}»`);
    }
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof MigrationError ||
      err instanceof UsageError ||
      err instanceof AuditUsageError ||
      err instanceof EnrolUsageError ||
      err instanceof TrainingUsageError
    ) {
      console.error(`catd: ${err.message}`);
      if (err instanceof UsageError) console.error('Use «catd --help» para ver las opciones.');
      process.exit(2);
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`catd: ${(err as Error).message}\nUse «catd --help» para ver las opciones.`);
      process.exit(2);
    }
    throw err;
  }
}

await main(process.argv.slice(2));
