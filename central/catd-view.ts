// Tables owned: acopio_events.
// The CATD as a whole, at the central (shared/catd-view.ts): each station posts the actas it
// receives at acopio and hears whether another station of its CATD received the same key first,
// and reads its CATD's counts for the Tablero. A station's CATD is the one the central enrolled it
// in (keys.ts: a file beside its public key, written by `catd central enrol --catd`): what a station says
// about its own CATD is never believed, so a station can neither read nor fill another CATD's acopio.
import {
  AcopioEventSchema,
  CATD_ACOPIO_PATH,
  CATD_VIEW_PATH,
  catdOfKey,
  MAX_CATD_VIEW_KEYS,
  MAX_LATER_SIGHTINGS,
  type AcopioEvent,
  type AcopioReply,
  type AcopioSighting,
  type CatdCode,
  type CatdErrorCode,
  type CatdView,
} from '../shared/catd-view';
import type { IntakeErrorCode } from '../shared/intake';
import type { CentralDb } from './db';
import { stationCatd } from './keys';

interface SightingRow {
  station_id: string;
  station_name: string;
  received_at: string;
  offset_minutes: number;
}

function sighting(r: SightingRow): AcopioSighting {
  return {
    stationId: r.station_id,
    stationName: r.station_name,
    receivedAt: r.received_at,
    offsetMinutes: r.offset_minutes,
  };
}

/** The acopio events of the central's database (SQLite or PostgreSQL, the same SQL). */
export class AcopioEvents {
  constructor(
    private readonly db: CentralDb,
    private readonly now: () => Date,
  ) {}

  /**
   * Records a station's acopio of a key (its first one counts: a second acopio of the same key at
   * the same station is that station's own conflict, already on its screen) and answers the
   * earlier acopios of that key at other stations of the CATD, oldest first.
   */
  async record(stationId: string, catd: CatdCode, ev: AcopioEvent): Promise<AcopioSighting[]> {
    return this.db.tx(async (q) => {
      await q.run(
        `INSERT INTO acopio_events
           (station_id, acta_key, catd, station_name, received_at, offset_minutes, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [
          stationId,
          ev.actaKey,
          catd,
          ev.stationName,
          ev.receivedAt,
          ev.offsetMinutes,
          this.now().toISOString(),
        ],
      );
      // Earlier by the central's clock: the stations' own clocks may disagree by minutes.
      const mine = await q.get<{ recorded_at: string }>(
        'SELECT recorded_at FROM acopio_events WHERE station_id = ? AND acta_key = ?',
        [stationId, ev.actaKey],
      );
      const rows = await q.all<SightingRow>(
        `SELECT station_id, station_name, received_at, offset_minutes FROM acopio_events
         WHERE catd = ? AND acta_key = ? AND station_id <> ? AND recorded_at <= ?
         ORDER BY recorded_at, station_id`,
        [catd, ev.actaKey, stationId, mine!.recorded_at],
      );
      return rows.map(sighting);
    });
  }

  /**
   * The CATD's keys received at acopio (any station), held by the central, and per station; and
   * for the asking station, the other stations' acopios of its keys recorded after its own.
   */
  async view(catd: CatdCode, stationId: string): Promise<CatdView> {
    const received = await this.db.all<{ acta_key: string }>(
      'SELECT DISTINCT acta_key FROM acopio_events WHERE catd = ? ORDER BY acta_key LIMIT ?',
      [catd, MAX_CATD_VIEW_KEYS],
    );
    // Indexed by (catd, acta_key) over the standing receipts only (central migration 6).
    const acknowledged = await this.db.all<{ acta_key: string }>(
      `SELECT DISTINCT acta_key FROM manifests
       WHERE catd = ? AND state = 'done' AND superseded_by IS NULL ORDER BY acta_key LIMIT ?`,
      [catd, MAX_CATD_VIEW_KEYS],
    );
    const stations = await this.db.all<{ station_id: string; station_name: string; n: number }>(
      `SELECT station_id, max(station_name) AS station_name, count(*) AS n FROM acopio_events
       WHERE catd = ? GROUP BY station_id ORDER BY station_id`,
      [catd],
    );
    // Later by the central's clock, as record() orders them: a tie is "earlier" for both.
    const later = await this.db.all<SightingRow & { acta_key: string }>(
      `SELECT o.acta_key, o.station_id, o.station_name, o.received_at, o.offset_minutes
       FROM acopio_events m JOIN acopio_events o
         ON o.catd = m.catd AND o.acta_key = m.acta_key AND o.station_id <> m.station_id
            AND o.recorded_at > m.recorded_at
       WHERE m.station_id = ? AND m.catd = ?
       ORDER BY o.recorded_at DESC, o.station_id LIMIT ?`,
      [stationId, catd, MAX_LATER_SIGHTINGS],
    );
    return {
      catd,
      later: later.map((r) => ({ actaKey: r.acta_key, ...sighting(r) })),
      received: received.map((r) => r.acta_key),
      acknowledged: acknowledged.map((r) => r.acta_key),
      stations: stations.map((s) => ({
        stationId: s.station_id,
        stationName: s.station_name,
        received: s.n,
      })),
    };
  }
}

export type CatdAnswer =
  | { status: 200; body: AcopioReply | CatdView }
  | { status: 400 | 403; body: { error: CatdErrorCode | IntakeErrorCode } };

/**
 * The two CATD paths, for a request already authenticated (signature, freshness, purpose) and
 * whose body matched its signed hash; null for any other path (server.ts goes on routing).
 */
export async function answerCatdRequest(
  req: { method: string; path: string; stationId: string; body: Buffer },
  ctx: { dataDir: string; events: AcopioEvents },
): Promise<CatdAnswer | null> {
  if (req.method !== 'POST' || (req.path !== CATD_ACOPIO_PATH && req.path !== CATD_VIEW_PATH)) return null;
  const catd = stationCatd(ctx.dataDir, req.stationId);
  if (!catd) return { status: 403, body: { error: 'no_catd' } };
  if (req.path === CATD_VIEW_PATH) return { status: 200, body: await ctx.events.view(catd, req.stationId) };
  let json: unknown;
  try {
    json = JSON.parse(req.body.toString('utf8'));
  } catch {
    return { status: 400, body: { error: 'bad_request' } };
  }
  const parsed = AcopioEventSchema.safeParse(json);
  if (!parsed.success) return { status: 400, body: { error: 'bad_request' } };
  if (catdOfKey(parsed.data.actaKey) !== catd) return { status: 403, body: { error: 'other_catd' } };
  const earlier = await ctx.events.record(req.stationId, catd, parsed.data);
  return { status: 200, body: { catd, earlier } };
}
