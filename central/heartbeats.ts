// A station's heartbeat at the central: the latest one kept per station (its clock offset and
// health for the central's screens) and its audit head anchored.
import { canonicalJson } from '../electron/platform/canonical-json';
import type { CentralDb } from './db';
import type { AnchorStore } from './anchors';
import {
  HEARTBEAT_CLOCK_KEY,
  StationClockReportSchema,
  type Heartbeat,
  type IntakeErrorCode,
  type StationClockReport,
} from '../shared/intake';
import { REQUEST_WINDOW_MS } from '../shared/intake-auth';

/**
 * Keeps a station's (signature-checked) heartbeat as its latest and its audit head as an anchor.
 * Refused: one not newer than the latest kept (a replay, or two processes racing an old one)
 * or whose time, corrected by the offset it reports, is outside the request window.
 */
export async function recordHeartbeat(
  db: CentralDb,
  anchors: AnchorStore,
  now: () => Date,
  hb: Heartbeat,
): Promise<IntakeErrorCode | null> {
  const report = StationClockReportSchema.safeParse(hb.health[HEARTBEAT_CLOCK_KEY]);
  const atMs = Date.parse(hb.at);
  const centralAt = atMs + (report.success ? report.data.offsetMs : 0);
  if (Math.abs(centralAt - now().getTime()) > REQUEST_WINDOW_MS) return 'stale_heartbeat';
  // One statement keeps only a newer heartbeat: `at` is kept as a UTC ISO string of fixed width,
  // so comparing the text compares the times. Not waited onto the disk: a power cut may forget
  // the latest heartbeat (the next comes 30 s later, with the station's head again).
  const kept = await db.unwaited.run(
    `INSERT INTO heartbeats (station_id, at, link, body, received_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (station_id) DO UPDATE SET at = excluded.at, link = excluded.link, body = excluded.body,
       received_at = excluded.received_at
     WHERE heartbeats.at < excluded.at`,
    [hb.stationId, new Date(atMs).toISOString(), hb.link, canonicalJson(hb), now().toISOString()],
  );
  if (!kept) return 'stale_heartbeat';
  await anchors.record(hb.stationId, hb.auditHead, 'heartbeat');
  return null;
}

/** The clock offset the station last reported in its heartbeat (`health.clock`), if it did. */
export async function stationClock(db: CentralDb, stationId: string): Promise<StationClockReport | null> {
  const row = await db.get<{ body: string }>('SELECT body FROM heartbeats WHERE station_id = ?', [stationId]);
  if (!row) return null;
  const body = JSON.parse(row.body) as { health?: Record<string, unknown> };
  const r = StationClockReportSchema.safeParse(body.health?.[HEARTBEAT_CLOCK_KEY]);
  return r.success ? r.data : null;
}
