// Tables owned: progress_actas, progress_catds, progress_stations.
// The national night's counts kept as records commit, so the central's screens read O(CATDs) rows
// instead of every manifest (issue 18: at 515,000 actas a whole reading took seconds and, on
// SQLite, blocked the intake node meanwhile). Three tables, all derived from manifests and the
// catalogue (migration 8 fills them from what a central already holds):
// - progress_actas: per acta key, how many of its records stand, and which catalogue entry it
//   fills ('<election>' or '' for an every-election entry; NULL: out of catalogue);
// - progress_catds: per CATD, expected entries (set when a district's catalogue is imported),
//   received entries and out-of-catalogue records, as deltas spread over a few rows ("shards") so
//   that nodes committing actas of one CATD at once seldom update the same row (on PostgreSQL two
//   serializable writers of one row make one of them retry);
// - progress_stations: per station, its highest committed acta key (its CATD for the screens).
// Every change is recomputed from the records themselves, in batches a little after the records
// commit (tally.ts: how many stand now against what was counted), so a replay, a refused manifest
// or a second finish of one key can never count twice: the counts equal a recount
// (tests/central/progress.test.ts).
import type { Sql } from './db';

/** Rows a CATD's counts are spread over (summed when read). */
export const PROGRESS_SHARDS = 8;

/** An acta key's parts, as the catalogue names a casilla. */
export interface ActaKeyParts {
  election: string;
  entidad: string;
  distrito: string;
  seccion: string;
  casillaType: string;
  /** -1 when the key writes the number with a leading zero: no catalogue entry is written so. */
  casillaNumber: number;
}

const ACTA_KEY = /^\d{4}-([A-Z]{2,6})-(\d\d)-(\d\d)-(\d{4})-([BCES])(\d{1,3})$/;

/** "2024-PRES-09-05-1234-B1" → its parts; null for a key the screens cannot place. */
export function actaKeyParts(actaKey: string): ActaKeyParts | null {
  const m = ACTA_KEY.exec(actaKey);
  if (!m) return null;
  return {
    election: m[1]!,
    entidad: m[2]!,
    distrito: m[3]!,
    seccion: m[4]!,
    casillaType: m[5]!,
    casillaNumber: String(Number(m[6])) === m[6] ? Number(m[6]) : -1,
  };
}

/** SQL: the catalogue entry a progress_actas row `t` fills (its election's, else the every-election one). */
function entryOf(t: string): string {
  const same = `c.entidad = ${t}.entidad AND c.distrito = ${t}.distrito AND c.seccion = ${t}.seccion
    AND c.casilla_type = ${t}.casilla_type AND c.casilla_number = ${t}.casilla_number`;
  return `CASE
    WHEN EXISTS (SELECT 1 FROM central_catalogue c WHERE ${same} AND c.election = ${t}.election) THEN ${t}.election
    WHEN EXISTS (SELECT 1 FROM central_catalogue c WHERE ${same} AND c.election = '') THEN '' END`;
}

/**
 * A CATD's counts rebuilt from progress_actas and the catalogue (one shard row). `where` selects
 * the CATDs by the progress_actas / central_catalogue columns entidad and distrito.
 */
function recountSql(where: string): string {
  return `
    INSERT INTO progress_catds (catd, shard, expected, received, out_of_catalogue)
    SELECT entidad || '-' || distrito, 0, sum(expected), sum(received), sum(out_of_catalogue) FROM (
      SELECT entidad, distrito, count(*) AS expected, 0 AS received, 0 AS out_of_catalogue
        FROM central_catalogue WHERE ${where} GROUP BY entidad, distrito
      UNION ALL
      SELECT entidad, distrito, 0, count(*), 0 FROM progress_actas
        WHERE ${where} AND standing > 0 AND entry <> '' GROUP BY entidad, distrito
      UNION ALL
      SELECT entidad, distrito, 0, count(*), 0 FROM (
        SELECT DISTINCT entidad, distrito, seccion, casilla_type, casilla_number FROM progress_actas
        WHERE ${where} AND standing > 0 AND entry = '') every_election GROUP BY entidad, distrito
      UNION ALL
      SELECT entidad, distrito, 0, 0, sum(standing) FROM progress_actas
        WHERE ${where} AND entry IS NULL GROUP BY entidad, distrito
    ) parts GROUP BY entidad, distrito`;
}

/**
 * The migration's back-fill (both engines): `parsed` is a SELECT of every standing record's
 * acta_key with its parts (election, entidad, distrito, seccion, casilla_type, casilla_number),
 * written per engine by central/migrations.ts.
 */
export function backfillProgressSql(parsed: string): string {
  return `
    INSERT INTO progress_actas (acta_key, election, entidad, distrito, seccion, casilla_type, casilla_number, standing)
      SELECT acta_key, election, entidad, distrito, seccion, casilla_type, casilla_number, count(*)
      FROM (${parsed}) p
      GROUP BY acta_key, election, entidad, distrito, seccion, casilla_type, casilla_number;
    UPDATE progress_actas SET entry = ${entryOf('progress_actas')};
    ${recountSql('1 = 1')};
    INSERT INTO progress_stations (station_id, acta_key)
      SELECT station_id, max(acta_key) FROM manifests WHERE state = 'done' GROUP BY station_id;
  `;
}

/**
 * The screens' counts as a whole: a tally (tally.ts) takes it shared, a catalogue import (which
 * recounts whole districts) exclusive.
 */
export const PROGRESS_LOCK = 'progress';

/**
 * What a commit of `actaKey` locks so that what it reads of its casilla holds: the casilla (every
 * election of it), or the key itself when it names no casilla.
 */
export function casillaLock(actaKey: string): string {
  const k = actaKeyParts(actaKey);
  return k
    ? `casilla:${k.entidad}-${k.distrito}-${k.seccion}-${k.casillaType}-${k.casillaNumber}`
    : `acta:${actaKey}`;
}

/**
 * Inside a catalogue import's transaction, once the districts' entries are replaced: which entry
 * each of their actas fills, and their counts, recomputed (one district's actas, indexed).
 */
export async function recountCatds(q: Sql, catds: string[]): Promise<void> {
  for (const catd of catds) {
    const [entidad, distrito] = catd.split('-') as [string, string];
    await q.run(
      `UPDATE progress_actas SET entry = ${entryOf('progress_actas')} WHERE entidad = ? AND distrito = ?`,
      [entidad, distrito],
    );
    await q.run('DELETE FROM progress_catds WHERE catd = ?', [catd]);
    const where = 'entidad = ? AND distrito = ?';
    await q.run(recountSql(where), [
      entidad,
      distrito,
      entidad,
      distrito,
      entidad,
      distrito,
      entidad,
      distrito,
    ]);
  }
}

export interface CatdCounts {
  catd: string;
  expected: number;
  received: number;
  outOfCatalogue: number;
}

/** Every CATD with an expected entry or an out-of-catalogue record, by CATD. */
export async function catdCounts(q: Sql, catd?: string): Promise<CatdCounts[]> {
  const rows = await q.all<{ catd: string; expected: number; received: number; out: number }>(
    `SELECT catd, sum(expected) AS expected, sum(received) AS received, sum(out_of_catalogue) AS out
     FROM progress_catds WHERE (CAST(? AS TEXT) IS NULL OR catd = ?) GROUP BY catd ORDER BY catd`,
    [catd ?? null, catd ?? null],
  );
  return rows
    .filter((r) => r.expected > 0 || r.out > 0)
    .map((r) => ({ catd: r.catd, expected: r.expected, received: r.received, outOfCatalogue: r.out }));
}

/** Each station's CATD, from its highest committed acta key (one row per station). */
export async function stationCatds(q: Sql): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const r of await q.all<{ station_id: string; acta_key: string }>(
    'SELECT station_id, acta_key FROM progress_stations',
  )) {
    const k = actaKeyParts(r.acta_key);
    if (k) out.set(r.station_id, `${k.entidad}-${k.distrito}`);
  }
  return out;
}

export interface MissingEntry {
  seccion: string;
  casillaType: string;
  casillaNumber: number;
  /** '' : expected for every election. */
  election: string;
}

/**
 * One CATD's entries no standing record fills, in catalogue order: its own catalogue rows (the
 * primary key's prefix) each looked up in progress_actas by casilla (progress_actas_casilla).
 */
export const MISSING_SQL = `SELECT c.seccion, c.casilla_type AS "casillaType", c.casilla_number AS "casillaNumber", c.election
  FROM central_catalogue c WHERE c.entidad = ? AND c.distrito = ? AND NOT EXISTS (
    SELECT 1 FROM progress_actas a WHERE a.entidad = c.entidad AND a.distrito = c.distrito
      AND a.seccion = c.seccion AND a.casilla_type = c.casilla_type
      AND a.casilla_number = c.casilla_number AND a.entry = c.election AND a.standing > 0)
  ORDER BY c.entidad, c.distrito, c.seccion, c.casilla_type, c.casilla_number, c.election LIMIT ?`;

/** The first `limit` entries of one CATD no standing record fills, in catalogue order. */
export function missingEntries(q: Sql, catd: string, limit: number): Promise<MissingEntry[]> {
  const [entidad, distrito] = catd.split('-') as [string, string];
  return q.all<MissingEntry>(MISSING_SQL, [entidad, distrito, limit]);
}
