// Tables owned: central_catalogue.
// The casillas each CATD is expected to send, at the central: the same CSV the district gives its
// CATD's stations (shared/catalogue.ts checks it line by line), imported with
// `catd central catalogue FILE.csv`. A file replaces the entries of the districts it names and
// leaves the others, so the 300 districts' files can come in one by one, and a corrected file
// for one district replaces only that district.
import { parseCatalogueCsv, type CatalogueLineError } from '../shared/catalogue';
import type { CentralDb } from './db';
import { PROGRESS_LOCK, recountCatds } from './progress';

export interface CatalogueImport {
  ok: boolean;
  /** Entries now held for the districts the file names. */
  entries: number;
  /** The districts (CATDs) replaced, "09-05". */
  catds: string[];
  errors: CatalogueLineError[];
}

export async function importCentralCatalogue(db: CentralDb, csv: string): Promise<CatalogueImport> {
  const parsed = parseCatalogueCsv(csv);
  if (!parsed.ok) return { ok: false, entries: 0, catds: [], errors: parsed.errors };
  const entries = parsed.catalogue.entries;
  const catds = [...new Set(entries.map((e) => `${e.entidad}-${e.distrito}`))].sort();
  await db.tx(
    async (q) => {
      for (const c of catds) {
        const [entidad, distrito] = c.split('-');
        await q.run('DELETE FROM central_catalogue WHERE entidad = ? AND distrito = ?', [
          entidad!,
          distrito!,
        ]);
      }
      for (const e of entries)
        await q.run(
          `INSERT INTO central_catalogue (entidad, distrito, seccion, casilla_type, casilla_number, election)
         VALUES (?, ?, ?, ?, ?, ?)`,
          [e.entidad, e.distrito, e.seccion, e.casillaType, e.casillaNumber, e.election ?? ''],
        );
      // The screens' counts of these districts follow their new entries.
      await recountCatds(q, catds);
    },
    { exclusive: [PROGRESS_LOCK] },
  );
  return { ok: true, entries: entries.length, catds, errors: [] };
}
