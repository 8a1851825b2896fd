// What the central's screens show, read from what the central already keeps: the catalogue
// (catalogue.ts), the standing records (a casilla counts once, whatever its records: standing.ts
// decides which stand), each station's latest heartbeat (queue, clock offset, rejections) and the
// enrolled stations. A catalogue entry is a casilla, or a casilla for one election, as at the
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
import { centralCatalogue, type CentralCatalogueEntry } from './catalogue';
import type { CentralDb } from './db';
import { stationsDir } from './keys';

/** How long one reading of the catalogue and the standing records serves the screens. */
export const PROGRESS_CACHE_MS = 5_000;

interface Progress {
  catalogue: CentralCatalogueEntry[];
  received: Set<string>;
  outOfCatalogue: Map<string, number>;
}

interface StationState extends StationRow {
  scans: number;
  rejections: RejectionRate[];
}

/** "2024-PRES-09-05-1234-B1" → its CATD, casilla and election. */
function splitKey(actaKey: string): { catd: string; casilla: string; election: string } | null {
  const m = /^\d{4}-([A-Z]{2,6})-(\d\d)-(\d\d)-(\d{4})-([BCES]\d{1,3})$/.exec(actaKey);
  return m ? { catd: `${m[2]}-${m[3]}`, casilla: `${m[2]}-${m[3]}-${m[4]}-${m[5]}`, election: m[1]! } : null;
}

function entryCasilla(e: CentralCatalogueEntry): string {
  return `${e.catd}-${e.seccion}-${e.casillaType}${e.casillaNumber}`;
}

function entryId(e: CentralCatalogueEntry): string {
  return `${entryCasilla(e)}|${e.election ?? ''}`;
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
    const catdOf = new Map<string, string>();
    // Any one acta names the station's CATD (a station serves one district): one row per station,
    // not every record of the night.
    for (const r of await this.db.all<{ station_id: string; acta_key: string }>(
      `SELECT station_id, MAX(acta_key) AS acta_key FROM manifests WHERE state = 'done' GROUP BY station_id`,
    )) {
      const k = splitKey(r.acta_key);
      if (k) catdOf.set(r.station_id, k.catd);
    }
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

  private cached: { atMs: number; value: Promise<Progress> } | null = null;

  /**
   * Per CATD: expected entries, those with a standing record, and the missing ones. Read whole
   * (about 2–3 s for 100,000 actas on SQLite on these machines), so one computation serves every
   * screen of this node for PROGRESS_CACHE_MS: many open screens cost no more than one.
   */
  private progress(): Promise<Progress> {
    const nowMs = performance.now();
    if (!this.cached || nowMs - this.cached.atMs > PROGRESS_CACHE_MS) {
      const value = this.readProgress();
      this.cached = { atMs: nowMs, value };
      // A failed read (database away for a moment) is not kept: the next request tries again.
      value.catch(() => {
        if (this.cached?.value === value) this.cached = null;
      });
    }
    return this.cached.value;
  }

  private async readProgress(): Promise<Progress> {
    const catalogue = await centralCatalogue(this.db);
    const entries = new Set(catalogue.map(entryId));
    const received = new Set<string>();
    const outOfCatalogue = new Map<string, number>();
    const standing = await this.db.all<{ acta_key: string }>(
      `SELECT acta_key FROM manifests WHERE state = 'done' AND superseded_by IS NULL`,
    );
    for (const r of standing) {
      const k = splitKey(r.acta_key);
      if (!k) continue;
      const forElection = `${k.casilla}|${k.election}`;
      const forAll = `${k.casilla}|`;
      if (entries.has(forElection)) received.add(forElection);
      else if (entries.has(forAll)) received.add(forAll);
      else outOfCatalogue.set(k.catd, (outOfCatalogue.get(k.catd) ?? 0) + 1);
    }
    return { catalogue, received, outOfCatalogue };
  }

  private catdRows(p: Awaited<ReturnType<PanelData['progress']>>, stations: StationState[]): CatdProgress[] {
    const rows = new Map<string, CatdProgress>();
    const row = (catd: string) => {
      let r = rows.get(catd);
      if (!r)
        rows.set(
          catd,
          (r = { catd, expected: 0, received: 0, outOfCatalogue: 0, stations: 0, silentStations: 0 }),
        );
      return r;
    };
    for (const e of p.catalogue) {
      const r = row(e.catd);
      r.expected++;
      if (p.received.has(entryId(e))) r.received++;
    }
    for (const [catd, n] of p.outOfCatalogue) row(catd).outOfCatalogue += n;
    for (const s of stations) {
      if (!s.catd) continue;
      const r = row(s.catd);
      r.stations++;
      if (s.silent) r.silentStations++;
    }
    return [...rows.values()].sort((a, b) => a.catd.localeCompare(b.catd));
  }

  async national(): Promise<NationalView> {
    const [p, stations] = [await this.progress(), await this.stationStates()];
    const catds = this.catdRows(p, stations);
    const rejections = new Map<string, RejectionRate>();
    for (const s of stations) addRejections(rejections, s.rejections);
    return {
      at: this.now().toISOString(),
      catalogueLoaded: p.catalogue.length > 0,
      expected: p.catalogue.length,
      received: p.received.size,
      outOfCatalogue: [...p.outOfCatalogue.values()].reduce((a, b) => a + b, 0),
      catds,
      scans: stations.reduce((n, s) => n + s.scans, 0),
      rejections: sortedRejections(rejections),
      stations: stations.length,
      silentStations: stations.filter((s) => s.silent).length,
    };
  }

  /** One CATD; null when the central knows nothing of it (not in the catalogue, no acta, no station). */
  async catd(catd: string): Promise<CatdView | null> {
    const [p, stations] = [await this.progress(), await this.stationStates()];
    const progress = this.catdRows(p, stations).find((r) => r.catd === catd);
    if (!progress) return null;
    const missing = p.catalogue.filter((e) => e.catd === catd && !p.received.has(entryId(e)));
    const own = stations.filter((s) => s.catd === catd);
    const rejections = new Map<string, RejectionRate>();
    for (const s of own) addRejections(rejections, s.rejections);
    return {
      at: this.now().toISOString(),
      progress,
      missingTotal: missing.length,
      missing: missing.slice(0, MAX_MISSING_LISTED).map((e) => ({
        seccion: e.seccion,
        casilla: `${e.casillaType}${e.casillaNumber}`,
        election: e.election,
      })),
      scans: own.reduce((n, s) => n + s.scans, 0),
      rejections: sortedRejections(rejections),
    };
  }

  async stations(): Promise<StationsView> {
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
