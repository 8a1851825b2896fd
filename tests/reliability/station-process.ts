// One station core as its own OS process (the built `catd start`), so the reliability harness can
// SIGKILL it at any instant and start it again on the same data folder, as a power cut would.
import fs from 'node:fs';
import path from 'node:path';
import { run, type Running } from '../helpers/processes';
import { writeFileAtomic } from '../../electron/platform/durable-files';
import { AUTH_PATH } from '../../shared/rpc';

export const CORE_ENTRY = path.resolve('dist/core/catd.mjs');
/** A cold start (database recovery, sharp workers, first enrolment) on a loaded 2-core machine. */
export const CORE_READY_MS = 30_000;

export interface Credentials {
  operatorId: string;
  pin: string;
}

/** The harness needs the built core, and one built with crash points (npm test builds first). */
export function assertBuiltCore(): void {
  if (!fs.existsSync(CORE_ENTRY)) throw new Error(`${CORE_ENTRY} is missing: run npm run build first`);
  if (!fs.readFileSync(CORE_ENTRY, 'utf8').includes('CATD_CRASH_AT'))
    throw new Error(`${CORE_ENTRY} predates the crash points: run npm run build first`);
}

export interface StationConfigOptions {
  stationId: string;
  links: string[];
  /** Share of simulated sheets with a defect the gate must reject. */
  defectRate?: number;
  extraDevices?: Record<string, unknown>;
  scanner?: Record<string, unknown>;
}

/** The config file of a harness station: simulated devices, the given links, fast retries. */
export function writeStationConfig(dataDir: string, o: StationConfigOptions): void {
  const links = o.links.map((url, i) => ({
    name: i === 0 ? 'primario' : `respaldo${i}`,
    role: i === 0 ? 'primary' : 'backup',
    priority: i + 1,
    url,
  }));
  const config = {
    station: { id: o.stationId, name: 'Estación de pruebas de confiabilidad' },
    mode: 'simulated',
    ui: { language: 'es-MX', kiosk: false },
    // Kills mid-attempt count as attempts: a long campaign must not dead-letter an acta for that.
    // Small chunks: an image takes several requests, so kills land mid-upload.
    transmit: { maxAttempts: 1000, failbackAfterMs: 2_000, probeIntervalMs: 500, chunkBytes: 32 * 1024 },
    devices: {
      scanner: o.scanner ?? {
        driver: 'simulated',
        sheetsInFeeder: 1_000_000,
        pageDelayMs: 50,
        defectRate: o.defectRate ?? 0.12,
      },
      ups: { driver: 'simulated' },
      plant: { driver: 'simulated' },
      ...o.extraDevices,
    },
    links,
  };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileAtomic(path.join(dataDir, 'config.json'), JSON.stringify(config, null, 2));
}

export interface StationProcess {
  proc: Running;
  pid: number;
  origin: string;
  /** The one-use link the `UI:` line printed (what an operator would open). */
  launchPath: string;
  /** Demo accounts, printed only on the very first start of a data folder. */
  accounts: Credentials[];
}

export type StartOutcome =
  | { kind: 'ready'; station: StationProcess }
  /** Died before it was ready: a crash point armed for recovery fired, say. */
  | { kind: 'died'; proc: Running };

export async function startStation(o: {
  dataDir: string;
  centralDir: string;
  intakeUrl: string;
  crashAt?: string;
}): Promise<StartOutcome> {
  const proc = run(
    process.execPath,
    [
      CORE_ENTRY,
      'start',
      '--data',
      o.dataDir,
      '--port',
      '0',
      '--sim-intake-url',
      o.intakeUrl,
      '--sim-intake-data',
      o.centralDir,
    ],
    // As the shell starts it (electron/main.ts): two glibc malloc arenas.
    {
      env: {
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
        ...(o.crashAt ? { CATD_CRASH_AT: o.crashAt } : {}),
      },
    },
  );
  let m: RegExpExecArray;
  try {
    m = await proc.waitForLine(new RegExp(`^UI: (http://[^/]+)(${AUTH_PATH}\\S+)$`), CORE_READY_MS);
  } catch (err) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) return { kind: 'died', proc };
    await proc.stop('SIGKILL');
    throw err;
  }
  const accounts: Credentials[] = [];
  for (const line of proc.output) {
    const a = /^\s+(?:Supervisor|Operador)\s+id: (\S+)\s+PIN: (\S+)/.exec(line);
    if (a) accounts.push({ operatorId: a[1]!, pin: a[2]! });
  }
  return {
    kind: 'ready',
    station: { proc, pid: proc.child.pid!, origin: m[1]!, launchPath: m[2]!, accounts },
  };
}

/** The signal that ended the process, once it has ended (null while it runs). */
export async function exitSignal(proc: Running, waitMs: number): Promise<NodeJS.Signals | null> {
  if (proc.child.exitCode === null && proc.child.signalCode === null)
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, waitMs);
      proc.child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  return proc.child.signalCode;
}
