// A central is either the real one or a training one (capacitación), for the life of its data
// folder: the purpose is written in the folder when the central is made and read by every process
// that opens it (each intake, `catd central import`). A training central refuses real records and
// a real central refuses training ones, on every request (the station signs its purpose) and again
// on each manifest (signed inside it), so no training image or record ever lands in a real folder.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../electron/platform/durable-files';

export const CentralPurposeSchema = z.enum(['production', 'training']);
export type CentralPurpose = z.infer<typeof CentralPurposeSchema>;
const PURPOSE_FILE = 'purpose.json';

export class CentralPurposeError extends Error {}

/** The folder's purpose; a folder without the file is a real central's (it predates training). */
export function readCentralPurpose(dataDir: string): CentralPurpose {
  let raw: string;
  try {
    raw = fs.readFileSync(path.join(dataDir, PURPOSE_FILE), 'utf8');
  } catch {
    return 'production';
  }
  const parsed = z.object({ purpose: CentralPurposeSchema }).safeParse(JSON.parse(raw));
  // A damaged file must not silently turn a training folder into a real one (or back).
  if (!parsed.success) throw new CentralPurposeError(`${path.join(dataDir, PURPOSE_FILE)} ilegible`);
  return parsed.data.purpose;
}

/**
 * Sets the purpose of a folder: only when it has none yet and holds no records (a real central's
 * folder is never turned into a training one, nor the reverse).
 */
export function claimCentralPurpose(dataDir: string, wanted: CentralPurpose): void {
  const file = path.join(dataDir, PURPOSE_FILE);
  if (fs.existsSync(file)) {
    const current = readCentralPurpose(dataDir);
    if (current !== wanted)
      throw new CentralPurposeError(
        `la carpeta ${dataDir} es de un acopio ${current === 'training' ? 'de capacitación' : 'real'}; no se cambia`,
      );
    return;
  }
  if (wanted === 'production') return;
  if (fs.existsSync(path.join(dataDir, 'intake.sqlite')))
    throw new CentralPurposeError(
      `la carpeta ${dataDir} ya tiene datos de un acopio real; use otra para capacitación`,
    );
  fs.mkdirSync(dataDir, { recursive: true });
  writeFileAtomic(file, JSON.stringify({ purpose: wanted }) + '\n', 0o644);
}
