// What the central's screens show, read from what the central already keeps: the counts kept as
// records commit against the catalogue (progress.ts: a casilla counts once, whatever its records;
// standing.ts decides which stand), each station's latest heartbeat (queue, clock offset,
// rejections) and the enrolled stations. Every reading is O(CATDs + stations), never O(actas). A catalogue entry is a casilla, or a casilla for one election, as at the
// station (electron/workflow/acta-queries.ts), so the central never shows more received than
// expected. A station belongs to the CATD of the actas it sent (heartbeats do not name one).
import fs from 'node:fs';
import {
  HEARTBEAT_CLOCK_KEY,
  HEARTBEAT_REJECTIONS_KEY,
  HeartbeatSchema,
  StationClockReportSchema,
  StationRejectionsReportSchema,
} from '../shared/intake';
import {
  MAX_MISSING_LISTED,
  SILENT_STATION_MS,
  type CatdProgress,
  type CatdView,
  type NationalView,
  type RejectionRate,
  type StationRow,
  type StationsView,
} from '../shared/central-panel';
import type { CentralDb } from './db';
import { catdCounts, missingEntries, stationCatds, type CatdCounts } from './progress';
import { settleTally } from './tally';
import { stationsDir } from './keys';

interface StationState extends StationRow {
  scans: number;
  rejections: RejectionRate[];
}

function addRejections(into: Map<string, RejectionRate>, from: RejectionRate[]): void {
  for (const r of from) {
    const id = `${r.kind}\u0000${r.reason}`;
    const have = into.get(id) ?? { kind: r.kind, reason: r.reason, count: 0 };
    have.count += r.count;
    into.set(id, have);
  }
}

function sortedRejections(m: Map<string, RejectionRate>): RejectionRate[] {
  return [...m.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

export class PanelData {
  constructor(
    private readonly db: CentralDb,
    private readonly dataDir: string,
    private readonly now: () => Date,
  ) {}

  /** Every enrolled station with its latest heartbeat (none: silent since enrolment). */
  private async stationStates(): Promise<StationState[]> {
    const nowMs = this.now().getTime();
    const ids = new Set<string>();
    try {
      for (const f of fs.readdirSync(stationsDir(this.dataDir)))
        if (f.endsWith('.pub')) ids.add(f.slice(0, -4));
    } catch {
      /* no station enrolled yet */
    }
    const beats = new Map<string, { body: string; received_at: string | null }>();
    for (const r of await this.db.all<{ station_id: string; body: string; received_at: string | null }>(
      'SELECT station_id, body, received_at FROM heartbeats',
    )) {
      beats.set(r.station_id, r);
      ids.add(r.station_id);
    }
    // Any one acta names the station's CATD (a station serves one district): one row per station.
    const catdOf = await stationCatds(this.db);
    return [...ids].sort().map((stationId): StationState => {
      const beat = beats.get(stationId);
      const hb = beat ? HeartbeatSchema.safeParse(JSON.parse(beat.body)) : null;
      const h = hb?.success ? hb.data : null;
      const clock = StationClockReportSchema.safeParse(h?.health[HEARTBEAT_CLOCK_KEY]);
      const rej = StationRejectionsReportSchema.safeParse(h?.health[HEARTBEAT_REJECTIONS_KEY]);
      // When the central took it, by its own clock; a heartbeat kept before that was recorded:
      // its own time moved onto the central's clock by the offset the station measured.
      const heardMs = !h
        ? null
        : beat?.received_at
          ? Date.parse(beat.received_at)
          : Date.parse(h.at) + (clock.success ? clock.data.offsetMs : 0);
      const silentForS = heardMs === null ? null : Math.max(0, Math.round((nowMs - heardMs) / 1000));
      return {
        stationId,
        catd: catdOf.get(stationId) ?? null,
        lastHeartbeat: h?.at ?? null,
        silentForS,
        silent: heardMs === null || nowMs - heardMs > SILENT_STATION_MS,
        link: h?.link ?? null,
        clockOffsetMs: clock.success ? clock.data.offsetMs : null,
        queuePending: h?.queue.pending ?? null,
        queueDead: h?.queue.dead ?? null,
        delivered: h?.queue.delivered ?? null,
        scans: rej.success ? rej.data.scans : 0,
        rejections: rej.success ? rej.data.byReason : [],
      };
    });
  }

  private catdRows(counts: CatdCounts[], stations: StationState[]): CatdProgress[] {
    const rows = new Map<string, CatdProgress>(
      counts.map((c) => [c.catd, { ...c, stations: 0, silentStations: 0 }]),
    );
    for (const s of stations) {
      if (!s.catd) continue;
      let r = rows.get(s.catd);
      if (!r)
        rows.set(
          s.catd,
          (r = { catd: s.catd, expected: 0, received: 0, outOfCatalogue: 0, stations: 0, silentStations: 0 }),
        );
      r.stations++;
      if (s.silent) r.silentStations++;
    }
    return [...rows.values()].sort((a, b) => a.catd.localeCompare(b.catd));
  }

  async national(): Promise<NationalView> {
    // Every record committed before the reading counts (the tally runs a little behind the commits).
    await settleTally(this.db);
    const [counts, stations] = [await catdCounts(this.db), await this.stationStates()];
    const catds = this.catdRows(counts, stations);
    const rejections = new Map<string, RejectionRate>();
    for (const s of stations) addRejections(rejections, s.rejections);
    return {
      at: this.now().toISOString(),
      catalogueLoaded: counts.some((c) => c.expected > 0),
      expected: counts.reduce((n, c) => n + c.expected, 0),
      received: counts.reduce((n, c) => n + c.received, 0),
      outOfCatalogue: counts.reduce((n, c) => n + c.outOfCatalogue, 0),
      catds,
      scans: stations.reduce((n, s) => n + s.scans, 0),
      rejections: sortedRejections(rejections),
      stations: stations.length,
      silentStations: stations.filter((s) => s.silent).length,
    };
  }

  /** One CATD; null when the central knows nothing of it (not in the catalogue, no acta, no station). */
  async catd(catd: string): Promise<CatdView | null> {
    await settleTally(this.db);
    const [counts, stations] = [await catdCounts(this.db, catd), await this.stationStates()];
    const progress = this.catdRows(counts, stations).find((r) => r.catd === catd);
    if (!progress) return null;
    // The first entries only, from this CATD's catalogue (indexed): never the national table.
    const missing = await missingEntries(this.db, catd, MAX_MISSING_LISTED);
    const own = stations.filter((s) => s.catd === catd);
    const rejections = new Map<string, RejectionRate>();
    for (const s of own) addRejections(rejections, s.rejections);
    return {
      at: this.now().toISOString(),
      progress,
      missingTotal: progress.expected - progress.received,
      missing: missing.map((e) => ({
        seccion: e.seccion,
        casilla: `${e.casillaType}${e.casillaNumber}`,
        election: e.election === '' ? null : e.election,
      })),
      scans: own.reduce((n, s) => n + s.scans, 0),
      rejections: sortedRejections(rejections),
    };
  }

  async stations(): Promise<StationsView> {
    await settleTally(this.db);
    const states = await this.stationStates();
    return {
      at: this.now().toISOString(),
      // The silent ones first: the alarm is what an operator must see without scrolling.
      stations: states
        .map(({ scans: _s, rejections: _r, ...row }) => row)
        .sort((a, b) => Number(b.silent) - Number(a.silent) || a.stationId.localeCompare(b.stationId)),
    };
  }
}
