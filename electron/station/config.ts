// Station configuration: one JSON file, validated by a schema on every start. A missing file is
// created with the defaults (simulated devices, simulated intake) so `npm start` works on a
// machine with no hardware; a wrong file stops the start with the field that is wrong.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CatdCodeSchema } from '../../shared/catd-view';
import { writeFileAtomic } from '../platform/durable-files';
import { LanguageSchema } from '../../shared/domain';
import { ScannerConfigSchema } from '../capture/scanners/config';
import { PlantModbusConfigSchema } from '../power/plant/modbus-plant';
import { CodeReaderConfigSchema } from '../capture/readers/config';
import { PrinterConfigSchema } from '../capture/printers/config';
import { UpsDriverConfigSchema } from '../power/ups/config';
import { QualityThresholdsSchema } from '../capture/quality/thresholds';
import {
  SIM_INTAKE_URL,
  SIM_TRAINING_INTAKE_URL,
  TransmitConfigSchema,
  TransmitLinkSchema,
} from '../transmit/config';

export { SIM_INTAKE_URL, SIM_TRAINING_INTAKE_URL };
import { StorageConfigSchema } from '../store/storage-monitor';
import { FilesConfigSchema } from './allowed-places';
import { UpdateChannelSchema } from '../platform/update-release';

/** A CATD without an emergency plant says so, and the status bar shows "No instalada". */
const NoPlant = z.object({ driver: z.literal('none') }).strict();

/** A link to the central: TransmitLinkSchema's fields (TLS CA, pinning, bind address...), and `sim:intake`. */
const LinkConfigSchema = TransmitLinkSchema.extend({
  url: z.union([
    z.literal(SIM_INTAKE_URL),
    z.url({ protocol: /^https?$/, error: 'debe ser una URL que empiece con http:// o https://' }),
  ]),
});
export type LinkConfig = z.infer<typeof LinkConfigSchema>;

/** A link of training mode: only ever to a training central (`sim:training-intake` in development). */
const TrainingLinkSchema = TransmitLinkSchema.extend({
  url: z.union([
    z.literal(SIM_TRAINING_INTAKE_URL),
    z.url({ protocol: /^https?$/, error: 'debe ser una URL que empiece con http:// o https://' }),
  ]),
});

/**
 * Training (capacitación): `only` makes a station that never handles real actas; otherwise a
 * supervisor switches it in and out from the console. Its records go only over `links`, to a
 * training central (which refuses real ones, as real centrals refuse training ones).
 */
const TrainingConfigSchema = z
  .object({
    only: z.boolean().default(false),
    /**
     * The scenario file (docs/capacitacion/escenarios/*.json or a trainer's own) whose actas the
     * simulated scanner feeds in training; null: random actas, as in the demo.
     */
    scenario: z.string().min(1).nullable().default(null),
    links: z
      .array(TrainingLinkSchema)
      .min(1)
      .prefault([{ name: 'capacitacion', role: 'primary', priority: 1, url: SIM_TRAINING_INTAKE_URL }]),
  })
  .strict();

const SimulatedDriver = z.object({ driver: z.literal('simulated') }).strict();

export const ConfigSchema = z
  .object({
    station: z
      .object({
        id: z
          .string()
          .regex(/^[A-Z0-9-]{3,32}$/, 'letras mayúsculas, dígitos y guiones (3 a 32)')
          .default('CATD-SIM-01'),
        name: z.string().min(1).default('Estación simulada'),
        /** The CATD this station belongs to, as its acopio labels name it (e.g. "CATD 09-05 Iztapalapa"). */
        catd: z.string().min(1).max(80).default('CATD simulado'),
        /**
         * The CATD's district ("09-05"), for the enrolment with the simulated central of
         * `npm start` only: a real central enrols the station in its CATD itself (`--catd`).
         */
        district: CatdCodeSchema.optional(),
      })
      .default({ id: 'CATD-SIM-01', name: 'Estación simulada', catd: 'CATD simulado' }),
    /** simulated: demo accounts are created and the sim devices may be used. */
    mode: z.enum(['simulated', 'production']).default('simulated'),
    ui: z
      .object({
        language: LanguageSchema.default('es-MX'),
        kiosk: z.boolean().default(true),
      })
      .default({ language: 'es-MX', kiosk: true }),
    security: z
      .object({
        /** Minutes without activity before the operator is logged out (screen and core). */
        inactivityMinutes: z.number().min(1).max(120).default(10),
        /**
         * The fewest digits of a PIN, per role: asked when an account is created or its PIN reset,
         * and at sign-in (an older, shorter PIN must be changed first). A supervisor's PIN opens
         * the console on any operator's screen: never fewer than 6.
         */
        pinMinDigits: z
          .object({
            operador: z.number().int().min(4).max(12).default(4),
            supervisor: z
              .number()
              .int()
              .min(6, 'un supervisor necesita al menos 6 dígitos')
              .max(12)
              .default(6),
          })
          .prefault({}),
      })
      .prefault({}),
    updates: z
      .object({
        /** The CATD's update feed (generic provider); null: this station never looks for updates. */
        feedUrl: z
          .url({ protocol: /^https$/, error: 'el canal de actualizaciones debe ser una URL https://' })
          .nullable()
          .default(null),
        /** Only a release signed for this channel is installed (the signed release names it). */
        channel: UpdateChannelSchema.default('estable'),
      })
      .default({ feedUrl: null, channel: 'estable' }),
    /** Where the supervisor may export to and load catalogues from (see station/allowed-places.ts). */
    files: FilesConfigSchema.prefault({}),
    /** Transmission timing (attempts, failback, probes, heartbeat, chunk size); links are below. */
    transmit: TransmitConfigSchema.omit({ links: true }).prefault({}),
    power: z
      .object({
        /** On battery with less runtime than this, no new scan starts and the supervisor is told. */
        minRuntimeMinutes: z.number().min(1).max(120).default(5),
        /**
         * When the UPS says it will cut the load, finish the page, checkpoint and power the OS off
         * (power/power-off.ts). `enabled` unset: on in production, off in simulated mode (a
         * development machine is not powered off by a test's simulated UPS).
         */
        powerOff: z
          .object({
            enabled: z.boolean().optional(),
            /** The request, no shell: logind through systemctl, allowed to user catd by a polkit rule. */
            command: z.array(z.string().min(1)).min(1).default(['/usr/bin/systemctl', 'poweroff']),
            /** Longest wait for the page being written before checkpointing anyway. */
            pageWaitSeconds: z.number().min(1).max(120).default(20),
          })
          .prefault({}),
      })
      .prefault({}),
    /** Free-space warning and hard floor of the data folder (see store/storage-monitor.ts). */
    storage: StorageConfigSchema.prefault({}),
    /** Quality gate thresholds (every one has a default; see capture/quality/thresholds.ts). */
    quality: QualityThresholdsSchema.prefault({}),
    devices: z
      .object({
        scanner: ScannerConfigSchema.prefault({ driver: 'simulated' }),
        ups: z
          .discriminatedUnion('driver', [SimulatedDriver, ...UpsDriverConfigSchema.options])
          .prefault({ driver: 'simulated' }),
        plant: z
          .discriminatedUnion('driver', [SimulatedDriver, PlantModbusConfigSchema, NoPlant])
          .default({ driver: 'simulated' }),
        /** The QR/barcode reader at acopio; null when the station has none (keys typed). */
        codeReader: CodeReaderConfigSchema.nullable().default(null),
        /** The acopio label printer; `none`: acopio goes on without labels. */
        printer: PrinterConfigSchema.default({ driver: 'simulated' }),
      })
      .prefault({
        scanner: { driver: 'simulated' },
        ups: { driver: 'simulated' },
        plant: { driver: 'simulated' },
        codeReader: null,
        printer: { driver: 'simulated' },
      }),
    training: TrainingConfigSchema.prefault({}),
    links: z
      .array(LinkConfigSchema)
      .min(1)
      .prefault([
        { name: 'primario', role: 'primary', priority: 1, url: SIM_INTAKE_URL },
        { name: 'respaldo', role: 'backup', priority: 2, url: SIM_INTAKE_URL },
      ]),
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Configuración inválida en ${file}:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The platform's per-user data folder, where a station keeps its database, images and config. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'catd-workstation');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'catd-workstation');
    default:
      return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'catd-workstation');
  }
}

export function parseConfig(raw: unknown, file: string): Config {
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((i) => `${i.path.join('.') || '(raíz)'}: ${i.message}`),
    );
  }
  return result.data;
}

/**
 * Reads the config file. With no explicit file, `<data>/config.json` is created with the
 * defaults on first start (written atomically, so a power cut never leaves half a file).
 */
export function loadConfig(dataDir: string, explicitFile?: string): { config: Config; file: string } {
  const file = explicitFile ? path.resolve(explicitFile) : path.join(dataDir, 'config.json');
  if (!fs.existsSync(file)) {
    if (explicitFile) throw new ConfigError(file, ['el archivo no existe']);
    const config = parseConfig({}, file);
    writeFileAtomic(file, JSON.stringify(config, null, 2) + '\n');
    return { config, file };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(file, [`no es JSON válido: ${(err as Error).message}`]);
  }
  return { config: parseConfig(raw, file), file };
}
