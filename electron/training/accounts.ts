// The people are the same in training as on the night: the training database gets the station's
// accounts (same ids, same PINs) each time it opens. Read from the real database without writing
// to it (read-only, never migrated); only accounts cross, never an acta, image or audit entry.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/db';
import { openDatabaseReadOnly } from '../platform/sqlite';

interface AccountRow {
  id: string;
  name: string;
  role: string;
  pin_hash: string;
  pin_salt: string;
  active: number;
  created_at: string;
}

/** Copies the accounts the training database lacks; returns how many. */
export function copyAccountsForTraining(realDataDir: string, trainingDb: Db): number {
  const realFile = path.join(realDataDir, 'catd.sqlite');
  if (!fs.existsSync(realFile)) return 0;
  const real = openDatabaseReadOnly(realFile);
  try {
    const rows = real
      .prepare<[], AccountRow>('SELECT id, name, role, pin_hash, pin_salt, active, created_at FROM operators')
      .all();
    const insert = trainingDb.prepare(
      `INSERT OR IGNORE INTO operators (id, name, role, pin_hash, pin_salt, active, created_at)
       VALUES (@id, @name, @role, @pin_hash, @pin_salt, @active, @created_at)`,
    );
    let n = 0;
    trainingDb.transaction(() => {
      for (const r of rows) n += insert.run(r).changes;
    })();
    return n;
  } finally {
    real.close();
  }
}
