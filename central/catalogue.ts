// Tables owned: central_catalogue.
// The casillas each CATD is expected to send, at the central: the same CSV the district gives its
// CATD's stations (shared/catalogue.ts checks it line by line), imported with
// `catd central catalogue FILE.csv`. A file replaces the entries of the districts it names and
// leaves the others, so the 300 districts' files can come in one by one, and a corrected file
// for one district replaces only that district.
import { parseCatalogueCsv, type CatalogueLineError } from '../shared/catalogue';
import type { CentralDb } from './db';

export interface CatalogueImport {
  ok: boolean;
  /** Entries now held for the districts the file names. */
  entries: number;
  /** The districts (CATDs) replaced, "09-05". */
  catds: string[];
  errors: CatalogueLineError[];
}

export interface CentralCatalogueEntry {
  catd: string;
  seccion: string;
  casillaType: string;
  casillaNumber: number;
  /** null: expected for every election. */
  election: string | null;
}

export async function importCentralCatalogue(db: CentralDb, csv: string): Promise<CatalogueImport> {
  const parsed = parseCatalogueCsv(csv);
  if (!parsed.ok) return { ok: false, entries: 0, catds: [], errors: parsed.errors };
  const entries = parsed.catalogue.entries;
  const catds = [...new Set(entries.map((e) => `${e.entidad}-${e.distrito}`))].sort();
  await db.tx(async (q) => {
    for (const c of catds) {
      const [entidad, distrito] = c.split('-');
      await q.run('DELETE FROM central_catalogue WHERE entidad = ? AND distrito = ?', [entidad!, distrito!]);
    }
    for (const e of entries)
      await q.run(
        `INSERT INTO central_catalogue (entidad, distrito, seccion, casilla_type, casilla_number, election)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [e.entidad, e.distrito, e.seccion, e.casillaType, e.casillaNumber, e.election ?? ''],
      );
  });
  return { ok: true, entries: entries.length, catds, errors: [] };
}

/** Every entry, in catalogue order (district, sección, casilla, election). */
export async function centralCatalogue(db: CentralDb): Promise<CentralCatalogueEntry[]> {
  const rows = await db.all<{
    entidad: string;
    distrito: string;
    seccion: string;
    casilla_type: string;
    casilla_number: number;
    election: string;
  }>(
    `SELECT entidad, distrito, seccion, casilla_type, casilla_number, election FROM central_catalogue
     ORDER BY entidad, distrito, seccion, casilla_type, casilla_number, election`,
  );
  return rows.map((r) => ({
    catd: `${r.entidad}-${r.distrito}`,
    seccion: r.seccion,
    casillaType: r.casilla_type,
    casillaNumber: r.casilla_number,
    election: r.election === '' ? null : r.election,
  }));
}
