// Writes progress_actas, progress_catds and progress_stations (their rules: progress.ts).
// The counts follow the records a little after they commit, in batches, instead of inside each
// commit. A commit only queues its record (tally_queue, by a trigger on the UPDATE it makes anyway:
// migration 10); the tally takes the queued records in batches of up to TALLY_BATCH, a handful of
// statements a batch where each commit paid three or four round trips under its casilla's lock
// (issue 18: a third of a commit's round trips, and the time other commits of the casilla waited
// on it).
// Every change is still recomputed from the records themselves (how many of a key's records
// stand now against what was counted), so a batch that reads a record committed after it was
// marked, or a batch run again after a crash, counts nothing twice; one tally at a time (an
// exclusive lock across nodes, BEGIN IMMEDIATE on SQLite) keeps the counts in one order.
// The screens settle the tally before they read (settleTally), so what they show includes every
// record committed before the reading began.
import type { CentralDb, Sql } from './db';
import { actaKeyParts, PROGRESS_LOCK, PROGRESS_SHARDS, type ActaKeyParts } from './progress';

/** Records one batch takes at most. */
export const TALLY_BATCH = 256;
/** How often a node looks for records to tally when nobody reads the counts. */
export const TALLY_EVERY_MS = 200;
const TALLY_LOCK = 'tally';

interface Marked {
  idempotency_key: string;
  station_id: string;
  acta_key: string;
}

interface Counted {
  key: string;
  parts: ActaKeyParts;
  standing: number;
  /** The catalogue entry it fills ('' every election, null out of catalogue), kept from its first count. */
  entry: string | null;
  changed: boolean;
}

const casillaOf = (k: ActaKeyParts) => [k.entidad, k.distrito, k.seccion, k.casillaType, k.casillaNumber];
const casillaId = (k: ActaKeyParts) => casillaOf(k).join('|');
const marks = (n: number, row: string) => Array.from({ length: n }, () => row).join(', ');
const CASILLA_IS =
  '(entidad = ? AND distrito = ? AND seccion = ? AND casilla_type = ? AND casilla_number = ?)';

/** One batch inside the tally's transaction; the number of records it took. */
async function tallyBatch(q: Sql): Promise<number> {
  const queued = await q.all<Marked & { station_id: string | null }>(
    `SELECT q.idempotency_key, m.station_id, m.acta_key
     FROM tally_queue q LEFT JOIN manifests m ON m.idempotency_key = q.idempotency_key LIMIT ?`,
    [TALLY_BATCH],
  );
  if (queued.length === 0) return 0;
  // A queued key without its record (only a hand-edited database has one) is only taken off the queue.
  const batch = queued.filter((r): r is Marked => r.station_id !== null);
  if (batch.length) await tallyStations(q, batch);
  const keys = [...new Set(batch.map((r) => r.acta_key))].flatMap((key) => {
    const parts = actaKeyParts(key);
    return parts ? [{ key, parts }] : [];
  });
  if (keys.length) await tallyKeys(q, keys);
  await q.run(
    `DELETE FROM tally_queue WHERE idempotency_key IN (${marks(queued.length, '?')})`,
    queued.map((r) => r.idempotency_key),
  );
  return queued.length;
}

/** Each station's highest committed acta key (its CATD for the screens). */
async function tallyStations(q: Sql, batch: Marked[]): Promise<void> {
  const high = new Map<string, string>();
  for (const r of batch) if ((high.get(r.station_id) ?? '') < r.acta_key) high.set(r.station_id, r.acta_key);
  await q.run(
    `INSERT INTO progress_stations (station_id, acta_key) VALUES ${marks(high.size, '(?, ?)')}
     ON CONFLICT (station_id) DO UPDATE SET acta_key = excluded.acta_key
     WHERE progress_stations.acta_key < excluded.acta_key`,
    [...high].flat(),
  );
}

async function tallyKeys(q: Sql, keys: Array<{ key: string; parts: ActaKeyParts }>): Promise<void> {
  const casillas = [...new Map(keys.map((k) => [casillaId(k.parts), casillaOf(k.parts)])).values()];
  const anyCasilla = casillas.map(() => CASILLA_IS).join(' OR ');
  const [standing, known, catalogue] = [
    await q.all<{ acta_key: string; n: number }>(
      `SELECT acta_key, count(*) AS n FROM manifests WHERE acta_key IN (${marks(keys.length, '?')})
       AND state = 'done' AND superseded_by IS NULL GROUP BY acta_key`,
      keys.map((k) => k.key),
    ),
    // Every key counted in these casillas: an every-election entry is received while any of them stands.
    await q.all<{ acta_key: string; standing: number; entry: string | null }>(
      `SELECT acta_key, standing, entry FROM progress_actas WHERE ${anyCasilla}`,
      casillas.flat(),
    ),
    await q.all<{ c: string; election: string }>(
      `SELECT entidad || '|' || distrito || '|' || seccion || '|' || casilla_type || '|' || casilla_number AS c,
         election FROM central_catalogue WHERE ${anyCasilla}`,
      casillas.flat(),
    ),
  ];
  const standingOf = new Map(standing.map((r) => [r.acta_key, r.n]));
  const elections = new Map<string, Set<string>>();
  for (const r of catalogue) elections.set(r.c, (elections.get(r.c) ?? new Set()).add(r.election));
  const counted = new Map<string, Counted>();
  const inCasilla = new Map<string, Counted[]>();
  const keep = (c: Counted) => {
    counted.set(c.key, c);
    const id = casillaId(c.parts);
    inCasilla.set(id, [...(inCasilla.get(id) ?? []), c]);
  };
  for (const r of known) {
    const parts = actaKeyParts(r.acta_key);
    if (parts) keep({ key: r.acta_key, parts, standing: r.standing, entry: r.entry, changed: false });
  }
  const deltas = new Map<string, { received: number; out: number }>();
  for (const { key, parts } of keys) {
    const now = standingOf.get(key) ?? 0;
    let c = counted.get(key);
    const before = c?.standing ?? 0;
    if (now === before) continue;
    if (!c) {
      // Its election's entry, else the casilla's every-election one, else out of catalogue.
      const listed = elections.get(casillaId(parts));
      const entry = listed?.has(parts.election) ? parts.election : listed?.has('') ? '' : null;
      c = { key, parts, standing: now, entry, changed: true };
      keep(c);
    } else Object.assign(c, { standing: now, changed: true });
    let received = 0;
    let out = 0;
    if (c.entry === null) out = now - before;
    else {
      const others =
        c.entry === '' &&
        inCasilla.get(casillaId(parts))!.some((o) => o.key !== key && o.entry === '' && o.standing > 0);
      if (!others) received = Number(now > 0) - Number(before > 0);
    }
    if (received === 0 && out === 0) continue;
    const at = `${parts.entidad}-${parts.distrito}\n${Number(parts.seccion) % PROGRESS_SHARDS}`;
    const d = deltas.get(at) ?? { received: 0, out: 0 };
    deltas.set(at, { received: d.received + received, out: d.out + out });
  }
  await writeCounts(
    q,
    [...counted.values()].filter((c) => c.changed),
    deltas,
  );
}

async function writeCounts(
  q: Sql,
  changed: Counted[],
  deltas: Map<string, { received: number; out: number }>,
): Promise<void> {
  if (changed.length)
    await q.run(
      `INSERT INTO progress_actas
         (acta_key, election, entidad, distrito, seccion, casilla_type, casilla_number, standing, entry)
       VALUES ${marks(changed.length, '(?, ?, ?, ?, ?, ?, ?, ?, ?)')}
       ON CONFLICT (acta_key) DO UPDATE SET standing = excluded.standing`,
      changed.flatMap((c) => [c.key, c.parts.election, ...casillaOf(c.parts), c.standing, c.entry]),
    );
  const rows = [...deltas].filter(([, d]) => d.received !== 0 || d.out !== 0);
  if (rows.length)
    await q.run(
      `INSERT INTO progress_catds (catd, shard, expected, received, out_of_catalogue)
       VALUES ${marks(rows.length, '(?, ?, 0, ?, ?)')}
       ON CONFLICT (catd, shard) DO UPDATE SET received = progress_catds.received + excluded.received,
         out_of_catalogue = progress_catds.out_of_catalogue + excluded.out_of_catalogue`,
      rows.flatMap(([at, d]) => {
        const [catd, shard] = at.split('\n') as [string, string];
        return [catd, Number(shard), d.received, d.out];
      }),
    );
}

const running = new WeakMap<CentralDb, Promise<void>>();

/**
 * Tallies every record marked before the call (batch after batch). Callers on one node share the
 * run under way and then run once more, so a record committed just before a reading is counted.
 */
export function settleTally(db: CentralDb): Promise<void> {
  const prev = running.get(db) ?? Promise.resolve();
  const next = prev
    .catch(() => {})
    .then(async () => {
      // Until a batch comes back short: then every record marked before it was read is counted
      // (waiting for none to be left would never end while stations keep sending).
      // An idle node (most of its 200 ms ticks) asks the queue with one read, without the locks.
      if (!(await db.get('SELECT 1 AS marked FROM tally_queue LIMIT 1'))) return;
      const locks = { exclusive: [TALLY_LOCK], shared: [PROGRESS_LOCK] };
      while ((await db.tx((q) => tallyBatch(q), locks)) === TALLY_BATCH);
    });
  running.set(db, next);
  // Forgotten once over (a failure included: the caller gets it, the next run starts afresh).
  const forget = () => {
    if (running.get(db) === next) running.delete(db);
  };
  next.then(forget, forget);
  return next;
}
