// The screens' counts recounted from scratch, as the central computed them before it kept them
// (issue 18): every standing record read and matched against the whole catalogue. The reference
// the kept counts (central/progress.ts) must equal, and the "before" of the panel bench.
import type { CentralDb, Sql } from '../../central/db';
import { catdCounts, type CatdCounts } from '../../central/progress';
import { settleTally } from '../../central/tally';

export interface Recount {
  catd: string;
  expected: number;
  received: number;
  outOfCatalogue: number;
}

const KEY = /^\d{4}-([A-Z]{2,6})-(\d\d)-(\d\d)-(\d{4})-([BCES]\d{1,3})$/;

/** Per CATD (those with an expected entry or an out-of-catalogue record), by CATD. */
export async function recountProgress(q: Sql): Promise<Recount[]> {
  const catalogue = await q.all<{
    entidad: string;
    distrito: string;
    seccion: string;
    casilla_type: string;
    casilla_number: number;
    election: string;
  }>('SELECT entidad, distrito, seccion, casilla_type, casilla_number, election FROM central_catalogue');
  const rows = new Map<string, Recount>();
  const row = (catd: string) => {
    let r = rows.get(catd);
    if (!r) rows.set(catd, (r = { catd, expected: 0, received: 0, outOfCatalogue: 0 }));
    return r;
  };
  const entries = new Map<string, string>();
  for (const e of catalogue) {
    const catd = `${e.entidad}-${e.distrito}`;
    entries.set(`${catd}-${e.seccion}-${e.casilla_type}${e.casilla_number}|${e.election}`, catd);
    row(catd).expected++;
  }
  const received = new Set<string>();
  const standing = await q.all<{ acta_key: string }>(
    `SELECT acta_key FROM manifests WHERE state = 'done' AND superseded_by IS NULL`,
  );
  for (const { acta_key: key } of standing) {
    const m = KEY.exec(key);
    if (!m) continue;
    const catd = `${m[2]}-${m[3]}`;
    const casilla = `${catd}-${m[4]}-${m[5]}`;
    const own = `${casilla}|${m[1]}`;
    const every = `${casilla}|`;
    if (entries.has(own)) received.add(own);
    else if (entries.has(every)) received.add(every);
    else row(catd).outOfCatalogue++;
  }
  for (const id of received) row(entries.get(id)!).received++;
  return [...rows.values()].sort((a, b) => a.catd.localeCompare(b.catd));
}

/** The kept counts as a screen reads them: the tally settled first (central/tally.ts). */
export async function settledCounts(db: CentralDb, catd?: string): Promise<CatdCounts[]> {
  await settleTally(db);
  return catdCounts(db, catd);
}
