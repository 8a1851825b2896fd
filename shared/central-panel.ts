// The central's own screens (issue 18): what its JSON endpoints answer, for signed-in central
// operators only. The central computes it (central/panel-data.ts), the screens in renderer/central/
// show it. Every parameter the screens send is checked with these schemas at the central.
import { z } from 'zod';

export const PANEL_BASE = '/panel';
export const PANEL_API = `${PANEL_BASE}/api`;
export const PANEL_SESSION_PATH = `${PANEL_API}/session`;
export const PANEL_NATIONAL_PATH = `${PANEL_API}/national`;
export const PANEL_CATD_PATH = `${PANEL_API}/catd`;
export const PANEL_STATIONS_PATH = `${PANEL_API}/stations`;
export const PANEL_ORIGINALS_PATH = `${PANEL_API}/originals`;
/** One original's bytes: `?sha256=…`, once the station has sent it. */
export const PANEL_ORIGINAL_FILE_PATH = `${PANEL_API}/original`;
export const PANEL_COOKIE = 'catd_central_session';

/** A station with no heartbeat for this long is silent: the screens raise the alarm. */
export const SILENT_STATION_MS = 2 * 60_000;

export const CentralOperatorIdSchema = z.string().regex(/^[a-z0-9._-]{2,32}$/);
/** Central operators sign in with a password or a long PIN; 8 characters at least. */
export const CentralPasswordSchema = z.string().min(8).max(128);

export const SignInRequestSchema = z.object({
  operatorId: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
});

/** A CATD is one federal district: entidad and distrito, "09-05". */
export const CatdIdSchema = z.string().regex(/^\d\d-\d\d$/);
export const CatdQuerySchema = z.object({ catd: CatdIdSchema });

export type SignInError = 'wrong' | 'locked';

export interface PanelSession {
  operatorId: string;
  name: string;
}

export interface CatdProgress {
  catd: string;
  /** Catalogue entries (a casilla, or a casilla for one election) the CATD is expected to send. */
  expected: number;
  /** Entries with at least one standing record at the central (never more than expected). */
  received: number;
  /** Standing records whose key the catalogue does not hold. */
  outOfCatalogue: number;
  stations: number;
  silentStations: number;
}

export interface RejectionRate {
  kind: 'gate' | 'verification';
  /** A gate reason's message key (quality.reason.*), or the verifier's typed reason. */
  reason: string;
  count: number;
}

export interface NationalView {
  /** The central's clock when it answered. */
  at: string;
  catalogueLoaded: boolean;
  expected: number;
  received: number;
  outOfCatalogue: number;
  catds: CatdProgress[];
  /** Scans the stations report having ended, and why some were turned away. */
  scans: number;
  rejections: RejectionRate[];
  stations: number;
  silentStations: number;
}

export interface MissingActa {
  /** Shown as e.g. "09-05 · 1234 B1", with the election when the entry names one. */
  seccion: string;
  casilla: string;
  election: string | null;
}

export interface CatdView {
  at: string;
  progress: CatdProgress;
  missingTotal: number;
  /** The first MAX_MISSING_LISTED missing entries, by sección, casilla and election. */
  missing: MissingActa[];
  scans: number;
  rejections: RejectionRate[];
}

export const MAX_MISSING_LISTED = 200;

export interface StationRow {
  stationId: string;
  /** The CATD of the actas the station sent (null: none yet). */
  catd: string | null;
  /** The last heartbeat's station time (null: never heard from). */
  lastHeartbeat: string | null;
  /** Seconds since the last heartbeat reached the central, by the central's clock. */
  silentForS: number | null;
  silent: boolean;
  link: string | null;
  /** The station's measured offset to the central (central − station), ms. */
  clockOffsetMs: number | null;
  queuePending: number | null;
  queueDead: number | null;
  delivered: number | null;
}

export interface StationsView {
  at: string;
  stations: StationRow[];
}

/** A central operator asks for the scanned originals of an acta sent as lighter copies. */
export const OriginalRequestSchema = z.object({ actaKey: z.string().min(1).max(64) });
export const OriginalFileQuerySchema = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** Why an original could not be asked for. */
export type OriginalRequestError =
  | 'not_found' // no acknowledged record of that key at the central
  | 'sent_as_scanned'; // every page already travelled as scanned: the central holds the originals

export interface OriginalRow {
  actaKey: string;
  page: number;
  stationId: string;
  sha256: string;
  size: number;
  requestedAt: string;
  requestedBy: string;
  /** When the central sealed the original's bytes (null: still waiting for the station). */
  receivedAt: string | null;
}

export interface OriginalsView {
  at: string;
  originals: OriginalRow[];
}
