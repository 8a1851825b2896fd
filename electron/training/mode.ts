// Training mode (capacitación): the same workflow and screens on a data folder and database of
// their own, so a rehearsal's actas can never be mixed with the night's real ones. Which folder a
// start opens is decided once, before any database is opened, from two things only: the station's
// configuration (`training.only`: a station that is never anything else) and a mode file the
// supervisor's switch replaces atomically. A crash in the middle of a switch therefore leaves
// either the old mode or the new one, and each database is stamped with its purpose the first
// time it opens: a start that would open the real database for training (or the training one for
// real work) stops instead of mixing them.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../platform/durable-files';
import type { SettingsStore } from '../store/settings';

/** The training data folder, inside the station's own (backups of the folder carry both, apart). */
export const TRAINING_DIR_NAME = 'capacitacion';
/** The mode a supervisor chose, beside config.json in the station's base data folder. */
export const MODE_FILE = 'modo.json';
/** Settings key of the database's purpose stamp. */
export const SETTING_DATA_PURPOSE = 'data.purpose';

export const DataPurposeSchema = z.enum(['production', 'training']);
export type DataPurpose = z.infer<typeof DataPurposeSchema>;

const ModeFileSchema = z.object({
  purpose: DataPurposeSchema,
  /** Who switched, and when (station time, ISO): also in the audit chain of the database left. */
  by: z.string(),
  at: z.string(),
});
export type ModeFile = z.infer<typeof ModeFileSchema>;

export interface StationData {
  purpose: DataPurpose;
  /** The folder this start keeps its database, images, keys and logs in. */
  dataDir: string;
  /** True when the configuration allows nothing but training (no switch back). */
  trainingOnly: boolean;
}

export class DataPurposeError extends Error {
  constructor(
    readonly dataDir: string,
    readonly stamped: string,
    readonly wanted: DataPurpose,
  ) {
    super(
      `La base de datos de ${dataDir} es de ${stamped === 'training' ? 'capacitación' : 'operación real'}; ` +
        `este arranque la abriría para ${wanted === 'training' ? 'capacitación' : 'operación real'}. No se mezclan: no inicio.`,
    );
    this.name = 'DataPurposeError';
  }
}

/** The mode file, or null when absent or unreadable (an unreadable one is never a reason to train). */
export function readModeFile(baseDir: string): ModeFile | null {
  try {
    const parsed = ModeFileSchema.safeParse(
      JSON.parse(fs.readFileSync(path.join(baseDir, MODE_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Replaces the mode file in one atomic rename (fsynced): the next start opens the chosen folder. */
export function writeModeFile(baseDir: string, mode: ModeFile): void {
  writeFileAtomic(path.join(baseDir, MODE_FILE), JSON.stringify(mode, null, 2) + '\n');
}

/** Which folder this start opens: the training folder when configured training-only or switched to it. */
export function resolveStationData(baseDir: string, trainingOnly: boolean): StationData {
  const purpose: DataPurpose = trainingOnly ? 'training' : (readModeFile(baseDir)?.purpose ?? 'production');
  const dataDir = purpose === 'training' ? path.join(baseDir, TRAINING_DIR_NAME) : baseDir;
  return { purpose, dataDir, trainingOnly };
}

/**
 * Stamps a database with its purpose on first open and refuses a later open for the other one.
 * A database from before training existed has no stamp: it was opened for real work, so it is
 * stamped production (and a training start never reaches it: its folder is another).
 */
export function checkDataPurpose(settings: SettingsStore, dataDir: string, wanted: DataPurpose): void {
  const stamped = settings.get(SETTING_DATA_PURPOSE);
  if (stamped === undefined) {
    settings.set(SETTING_DATA_PURPOSE, wanted);
    return;
  }
  if (stamped !== wanted) throw new DataPurposeError(dataDir, stamped, wanted);
}
