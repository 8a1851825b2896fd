// What a central's night left on disk, for the benches: the database (PostgreSQL's own count of
// its files, or the SQLite file with its WAL) and the image store's bytes.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/** The database's size in bytes: PostgreSQL when a URL is given, else the SQLite files in the folder. */
export async function centralDatabaseBytes(centralDir: string, databaseUrl?: string): Promise<number> {
  if (databaseUrl) {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      const r = await c.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n');
      return Number(r.rows[0]!.n);
    } finally {
      await c.end();
    }
  }
  return fs
    .readdirSync(centralDir)
    .filter((f) => f.startsWith('intake.sqlite'))
    .reduce((sum, f) => sum + fs.statSync(path.join(centralDir, f)).size, 0);
}

/** Bytes of every file under dir (0 when it does not exist). */
export function treeBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let sum = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sum += treeBytes(p);
    else if (e.isFile()) sum += fs.statSync(p).size;
  }
  return sum;
}
