// The CATD as a whole (docs/intake-protocol.md §6.3): a station tells the central
// of each acta it receives at acopio, and hears back whether another station of its CATD received
// the same key first; it also reads its CATD's counts for the Tablero. Both are signed requests
// like every other (shared/intake-auth.ts). The CATD of a station is what the central enrolled it
// in (`catd central enrol --catd EE-DD`), never what the station says: a station reads and writes
// only its own CATD's acopio.
import { z } from 'zod';
import { ActaKeyIdSchema, StationIdSchema } from './intake';

export const CATD_ACOPIO_PATH = '/v2/catd/acopio';
export const CATD_VIEW_PATH = '/v2/catd/view';

/** A CATD by its federal district: entidad and distrito, two digits each ("09-05"). */
export const CatdCodeSchema = z.string().regex(/^\d\d-\d\d$/);
export type CatdCode = z.infer<typeof CatdCodeSchema>;

/** The CATD whose casillas an acta key belongs to (keys are actaKeyId(): 2024-PRES-09-05-1234-B1). */
export function catdOfKey(keyId: string): CatdCode | null {
  const m = /^\d{4}-[A-Z]+-(\d\d)-(\d\d)-/.exec(keyId);
  return m ? `${m[1]}-${m[2]}` : null;
}

const StationNameSchema = z.string().trim().min(1).max(80);
/** Minutes east of UTC, as the station's clock said when it stamped the time. */
const OffsetMinutesSchema = z.number().int().min(-720).max(840);

/** One acopio, as the station posts it (body of POST CATD_ACOPIO_PATH). */
export const AcopioEventSchema = z
  .object({
    actaKey: ActaKeyIdSchema,
    /** How the operators call the station ("Estación 2"): what another station's screen shows. */
    stationName: StationNameSchema,
    receivedAt: z.iso.datetime(),
    offsetMinutes: OffsetMinutesSchema,
  })
  .strict();
export type AcopioEvent = z.infer<typeof AcopioEventSchema>;

/** Another station's earlier acopio of the same key. */
export const AcopioSightingSchema = z.object({
  stationId: StationIdSchema,
  stationName: StationNameSchema,
  receivedAt: z.iso.datetime(),
  offsetMinutes: OffsetMinutesSchema,
});
export type AcopioSighting = z.infer<typeof AcopioSightingSchema>;

/** Another station's acopio of a key this station received before it (by the central's clock). */
export const LaterSightingSchema = AcopioSightingSchema.extend({ actaKey: ActaKeyIdSchema });
export type LaterSighting = z.infer<typeof LaterSightingSchema>;
/** Most later acopios one view answer carries (the newest first): a station learns of them over a few answers. */
export const MAX_LATER_SIGHTINGS = 200;

/** The central's answer to an acopio: the event is recorded; earlier ones at other stations, oldest first. */
export const AcopioReplySchema = z.object({
  catd: CatdCodeSchema,
  earlier: z.array(AcopioSightingSchema).max(100),
});
export type AcopioReply = z.infer<typeof AcopioReplySchema>;

/** Largest CATD the view lists key by key (a district has ~1,700 actas; this is ten times that). */
export const MAX_CATD_VIEW_KEYS = 20_000;

/** The CATD's counts (answer to POST CATD_VIEW_PATH, empty body). */
export const CatdViewSchema = z.object({
  catd: CatdCodeSchema,
  /** Keys received at acopio at any station of the CATD. */
  received: z.array(ActaKeyIdSchema).max(MAX_CATD_VIEW_KEYS),
  /** Keys whose record the central holds (a standing manifest). */
  acknowledged: z.array(ActaKeyIdSchema).max(MAX_CATD_VIEW_KEYS),
  /** Each station of the CATD that recorded an acopio, with how many keys it received. */
  stations: z
    .array(
      z.object({ stationId: StationIdSchema, stationName: StationNameSchema, received: z.number().int() }),
    )
    .max(200),
  /**
   * Acopios at other stations of keys this station received first, newest first: the first
   * station learns that a late report (or a second copy) reached another station. Optional: an
   * older central does not send it, an older station ignores it.
   */
  later: z.array(LaterSightingSchema).max(MAX_LATER_SIGHTINGS).optional(),
});
export type CatdView = z.infer<typeof CatdViewSchema>;

/** Refusals of these two paths (besides the intake's own: unsigned, stale, purpose…). */
export const CATD_ERRORS = [
  /** The central has no CATD enrolled for this station: it may not read or write any CATD's acopio. */
  'no_catd',
  /** The key belongs to another CATD than the station's. */
  'other_catd',
] as const;
export type CatdErrorCode = (typeof CATD_ERRORS)[number];

/** The Tablero's CATD panel: the whole CATD from the central when it answers, this station's own otherwise. */
export interface CatdCounts {
  /** 'central': every station of the CATD; 'station': only this one (the central did not answer). */
  source: 'central' | 'station';
  catd: CatdCode | null;
  /** When the central's counts were read (source 'central'). */
  asOf: string | null;
  /** Casillas in the loaded catalogue (0 when none is loaded). */
  expected: number;
  /** Catalogue casillas with an acta received at acopio (never more than expected). */
  received: number;
  /** Catalogue casillas whose record the central holds. */
  acknowledged: number;
  /** Keys received that the catalogue does not hold. */
  outOfCatalogue: number;
  missingTotal: number;
  /** The first missing casillas ("09-05 · 1234 B1"). */
  missing: string[];
  stations: CatdView['stations'];
  /** Source 'station' because the station is in no CATD at the central (not enrolled, or no --catd). */
  notInCatd?: boolean;
  /**
   * This station's acopios the central has not recorded yet (kept while the link was down, sent
   * when it returns): until then the other stations cannot know of them.
   */
  unsentReports?: number;
}
