// The people are the same in training as on the night: the training database gets the station's
// accounts (same ids, same PINs) each time it opens. Read from the real database without writing
// to it (read-only, never migrated); only accounts cross, never an acta, image or audit entry.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/db';
import { openDatabaseReadOnly } from '../platform/sqlite';
import { copyOperatorAccounts } from '../security/operators';

/** Copies the accounts the training database lacks; returns how many. */
export function copyAccountsForTraining(realDataDir: string, trainingDb: Db): number {
  const realFile = path.join(realDataDir, 'catd.sqlite');
  if (!fs.existsSync(realFile)) return 0;
  const real = openDatabaseReadOnly(realFile);
  try {
    return copyOperatorAccounts(real, trainingDb);
  } finally {
    real.close();
  }
}
