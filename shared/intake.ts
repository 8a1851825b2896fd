// The PREP intake protocol, version 2 (docs/intake-protocol.md): the schemas both the station and
// the central check every message against. The station checks bodies, not just status codes: a
// captive portal or a proxy answering 200 is not the intake, and only a receipt signed by the
// central's key counts as delivered.
import { z } from 'zod';

/**
 * 2: the idempotency key, the record number and the supervisor's resolution are signed inside the
 * manifest, and `supersedes` names the replaced records by idempotency key (not receipt id);
 * every request but health is signed by the station (shared/intake-auth.ts); manifests and
 * heartbeats carry the station's audit chain head (`auditHead`), which the central keeps as anchors.
 */
export const INTAKE_PROTOCOL_VERSION = 2;
/** Every path of a version starts with its prefix: an incompatible version gets a new one. */
export const INTAKE_PATH_PREFIX = `/v${INTAKE_PROTOCOL_VERSION}`;
export const INTAKE_HEALTH_PATH = `${INTAKE_PATH_PREFIX}/health`;
export const INTAKE_MISSING_PATH = `${INTAKE_PATH_PREFIX}/blobs/missing`;
/** `PUT /v2/blobs/<sha256>?offset=N&size=TOTAL` with the chunk as body. */
export const INTAKE_BLOBS_PATH = `${INTAKE_PATH_PREFIX}/blobs`;
export const INTAKE_MANIFESTS_PATH = `${INTAKE_PATH_PREFIX}/manifests`;
export const INTAKE_HEARTBEAT_PATH = `${INTAKE_PATH_PREFIX}/heartbeat`;

export const STATION_HEADER = 'x-catd-station';
export const CHUNK_SHA_HEADER = 'x-chunk-sha256';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * Every answer of an intake node says how long the node itself took over the request, from its
 * headers read to its answer (`Server-Timing: intake;dur=12.3`, ms): what a station waited beyond
 * that was the link, its own delays or the node's queue before it read the request.
 */
export function intakeTiming(ms: number): string {
  return `intake;dur=${ms.toFixed(1)}`;
}

/** The node's own time from a `Server-Timing` header (intakeTiming), or null if it names none. */
export function intakeTimingMs(header: string | string[] | undefined): number | null {
  const text = Array.isArray(header) ? header.join(',') : header;
  const m = text ? /(?:^|,)\s*intake;dur=(\d+(?:\.\d+)?)/.exec(text) : null;
  return m ? Number(m[1]) : null;
}

/** Largest chunk the central accepts in one PUT; the station sends at most this much per request. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
/** Largest image the central accepts (a 600-dpi colour scan of a tally sheet stays well under). */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/** Most images one manifest may list (an acta is one or a few pages). */
export const MAX_IMAGES_PER_ACTA = 16;

export const IntakeHealthSchema = z.object({
  service: z.literal('catd-intake'),
  protocol: z.literal(INTAKE_PROTOCOL_VERSION),
  status: z.enum(['ok', 'degraded']),
  /** A training central says so (older centrals say nothing: they are real ones). */
  purpose: z.enum(['production', 'training']).optional(),
  /** The central's clock when it answered (UTC ISO): stations measure their offset from it. */
  time: z.string(),
});

/** The central's time as it must be written to be used for an offset (`time` of health/heartbeat answers). */
export const CentralTimeSchema = z.iso.datetime();

/**
 * The station's last measured clock offset to the central, sent as `health.clock` of every
 * heartbeat (inside `health`, which older centrals keep as is, so the signature still checks).
 * offsetMs = central time − station time: add it to a station time to get the central's. The true
 * offset lies within ±uncertaintyMs (half the round trip of the exchange that measured it).
 */
export const HEARTBEAT_CLOCK_KEY = 'clock';
export const StationClockReportSchema = z.object({
  offsetMs: z.number().int(),
  uncertaintyMs: z.number().int().min(0),
  roundTripMs: z.number().int().min(0),
  /** Station wall time of the measurement. */
  measuredAt: z.iso.datetime(),
  link: z.string().max(64),
});
export type StationClockReport = z.infer<typeof StationClockReportSchema>;

/**
 * What the station's quality gate and verifiers turned away so far tonight, sent as
 * `health.rejections` of every heartbeat (inside `health`, so older centrals keep it as is):
 * `scans` scans ended, and per reason (a gate reason's message key, or the typed F7 reason) how
 * many. The central's screens add them up per CATD and nationally.
 */
export const HEARTBEAT_REJECTIONS_KEY = 'rejections';
export const StationRejectionsReportSchema = z.object({
  scans: z.number().int().min(0),
  byReason: z
    .array(
      z.object({
        kind: z.enum(['gate', 'verification']),
        reason: z.string().max(200),
        count: z.number().int().min(0),
      }),
    )
    .max(64),
});
export type StationRejectionsReport = z.infer<typeof StationRejectionsReportSchema>;
export type IntakeHealth = z.infer<typeof IntakeHealthSchema>;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 en hexadecimal minúsculo');
export const StationIdSchema = z.string().regex(/^[A-Z0-9-]{3,32}$/);
/** actaKeyId() of shared/acta-key.ts: 2024-PRES-09-05-1234-B1. */
export const ActaKeyIdSchema = z.string().regex(/^20\d\d-[A-Z]{2,6}-\d\d-\d\d-\d{4}-[BCES][1-9]\d{0,2}$/);
/** Station-chosen, stable for the life of one outbox entry: the same on every link and on media. */
export const IdempotencyKeySchema = z.string().regex(/^[A-Za-z0-9-]{16,64}$/);

/** A time as PREP stores it: UTC instant plus the offset in force at the station. */
export const StampedTimeSchema = z.object({
  utc: z.iso.datetime(),
  offsetMinutes: z
    .number()
    .int()
    .min(-14 * 60)
    .max(14 * 60),
});

/**
 * The head of the station's audit chain when it signed a manifest or heartbeat: the entry's
 * number and hash (seq 0 with the genesis hash for an empty chain). The central keeps each as an
 * anchor: a later copy of the chain must still have exactly this hash at this number.
 */
export const AuditHeadSchema = z.object({
  seq: z.number().int().min(0),
  hash: Sha256Schema,
});
export type AuditHead = z.infer<typeof AuditHeadSchema>;

/** How a page was re-encoded for the link (transmit.profile at the station). */
export const TransmissionEncodingSchema = z.object({
  format: z.enum(['jpeg', 'webp']),
  quality: z.number().int().min(1).max(100),
});
export type TransmissionEncoding = z.infer<typeof TransmissionEncodingSchema>;

/**
 * One page as it travels: `sha256`/`size` are the bytes on the wire (the blob the central
 * stores). A page sent as a lighter copy (grey JPEG/WebP) also names the scanned file it was
 * derived from, `original`, which stays the evidence at the station (its SHA-256 is the "código
 * de integridad"), and `encoding`. Both hashes are inside the signed manifest: nobody on the path
 * can swap the copy or unbind it from the original. A page sent as scanned carries neither field
 * (the manifest of a station without a profile is byte-for-byte what it was).
 */
export const ManifestImageSchema = z
  .object({
    sha256: Sha256Schema,
    size: z.number().int().min(1).max(MAX_IMAGE_BYTES),
    original: z.object({ sha256: Sha256Schema, size: z.number().int().min(1) }).optional(),
    encoding: TransmissionEncodingSchema.optional(),
  })
  .refine((i) => (i.original === undefined) === (i.encoding === undefined), {
    message: 'original y encoding van juntos',
  })
  .refine((i) => i.original?.sha256 !== i.sha256, { message: 'una copia no es su propio original' });
export type ManifestImage = z.infer<typeof ManifestImageSchema>;

/** How many replaced records one manifest may name (a chain of replacements of one casilla). */
export const MAX_SUPERSEDED_RECORDS = 16;

/**
 * A supervisor's resolution of a conflict at the station, carried by the record it produced:
 * replace (the records in `supersedes` stop standing for the casilla) or keep_both (this record
 * stands beside the others). null: the casilla's first record, no supervisor decision.
 */
export const RecordResolutionSchema = z.enum(['replace', 'keep_both']).nullable();
export type RecordResolution = z.infer<typeof RecordResolutionSchema>;

/** When the acta was received, scanned and verified at the station. */
export const ActaTimesSchema = z.object({
  receivedAt: StampedTimeSchema,
  scannedAt: StampedTimeSchema,
  verifiedAt: StampedTimeSchema,
});
export const OperatorIdSchema = z.string().min(1).max(32);
/** The station's record number for an acta key: 1, then one more for each record a supervisor let in. */
export const RecordNumberSchema = z.number().int().min(1).max(999);

export const ManifestSchema = z.object({
  protocol: z.literal(INTAKE_PROTOCOL_VERSION),
  /**
   * The key this manifest is posted under, signed: a copy of the manifest cannot be posted first
   * under another key to make the station's own post a conflict.
   */
  idempotencyKey: IdempotencyKeySchema,
  actaKey: ActaKeyIdSchema,
  record: RecordNumberSchema,
  resolution: RecordResolutionSchema,
  /** Pages in order. */
  images: z.array(ManifestImageSchema).min(1).max(MAX_IMAGES_PER_ACTA),
  times: ActaTimesSchema,
  stationId: StationIdSchema,
  operatorId: OperatorIdSchema,
  /**
   * Idempotency keys of the records of this station this one replaces (the replaced record and
   * the records it replaced in turn). The central marks them superseded whether they reached it
   * before this one, after it, or never.
   */
  supersedes: z.array(IdempotencyKeySchema).max(MAX_SUPERSEDED_RECORDS),
  auditHead: AuditHeadSchema,
  /**
   * Present (true) only on a record made in training (capacitación): signed inside the manifest,
   * so no proxy or media copy can drop it. A production central refuses it, a training central
   * refuses a record without it; a central older than the field strips it, and the signature no
   * longer verifies, so it refuses it too.
   */
  training: z.literal(true).optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** Signature: Ed25519 (base64) over the UTF-8 bytes of canonicalJson(manifest). */
export const SignedManifestSchema = z.object({
  manifest: ManifestSchema,
  signature: z.string().min(1).max(200),
});
export type SignedManifest = z.infer<typeof SignedManifestSchema>;

export const ReceiptSchema = z.object({
  protocol: z.literal(INTAKE_PROTOCOL_VERSION),
  receiptId: z.string().min(1).max(64),
  idempotencyKey: IdempotencyKeySchema,
  stationId: StationIdSchema,
  actaKey: ActaKeyIdSchema,
  /** SHA-256 of canonicalJson(manifest): ties the receipt to exactly what the station signed. */
  manifestSha256: Sha256Schema,
  images: z.array(ManifestImageSchema),
  receivedAt: z.iso.datetime(),
  via: z.enum(['link', 'media']),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

/** Signature: Ed25519 (base64) by the central's key over canonicalJson(receipt). */
export const SignedReceiptSchema = z.object({
  receipt: ReceiptSchema,
  signature: z.string().min(1).max(200),
});
export type SignedReceipt = z.infer<typeof SignedReceiptSchema>;

export const MissingRequestSchema = z.object({
  sha256: z.array(Sha256Schema).min(1).max(MAX_IMAGES_PER_ACTA),
});
export const MissingAnswerSchema = z.object({
  /** The images the central lacks, each with how many bytes of it the central already holds. */
  missing: z.array(z.object({ sha256: Sha256Schema, offset: z.number().int().min(0) })),
});
export type MissingAnswer = z.infer<typeof MissingAnswerSchema>;

export const ChunkAnswerSchema = z.object({
  offset: z.number().int().min(0),
  complete: z.boolean(),
});

export const HeartbeatSchema = z.object({
  protocol: z.literal(INTAKE_PROTOCOL_VERSION),
  stationId: StationIdSchema,
  at: z.iso.datetime(),
  link: z.string(),
  queue: z.object({ pending: z.number().int(), dead: z.number().int(), delivered: z.number().int() }),
  health: z.record(z.string(), z.unknown()),
  auditHead: AuditHeadSchema,
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
export const SignedHeartbeatSchema = z.object({
  heartbeat: HeartbeatSchema,
  signature: z.string().min(1).max(200),
});
/** Originals the central asks one station for in one heartbeat answer (central/originals.ts). */
export const MAX_ORIGINALS_ASKED = 8;
/**
 * The central's answer to a heartbeat. `originals`: SHA-256s of scanned pages this station sent
 * as lighter copies whose originals a central operator asked for; the station uploads each as a
 * blob, and only if its own signed manifest named it as an original. A station older than the
 * field drops it (zod strips it), a central older than it never sends it.
 */
export const HeartbeatAnswerSchema = z.object({
  ok: z.literal(true),
  time: z.string(),
  originals: z.array(Sha256Schema).max(MAX_ORIGINALS_ASKED).optional(),
});

/** The longest a busy central asks a station to wait before it asks again. */
export const MAX_BUSY_RETRY_AFTER_MS = 60_000;

/** Error codes the central answers with, in `{ "error": code }`. */
export const INTAKE_ERRORS = [
  'bad_request',
  'unknown_station',
  'bad_signature',
  'offset_mismatch',
  'chunk_hash_mismatch',
  'blob_hash_mismatch',
  'too_large',
  'blobs_missing',
  'idempotency_conflict',
  'idempotency_mismatch',
  'in_flight',
  'acta_conflict',
  'not_found',
  'unavailable',
  /** 401: the request carries no (well-formed) station signature headers. */
  'unauthenticated',
  /** 403: the request signature does not verify with the station's enrolled key. */
  'request_signature',
  /** 401: the request's timestamp is outside the central's window (answer carries `time`). */
  'stale_request',
  /** 401: this nonce was already used within the window. */
  'replayed_request',
  /** 400: the body is not the one whose SHA-256 the station signed. */
  'body_hash_mismatch',
  /** 507: the station (or the central as a whole) holds as many unfinished uploads as allowed. */
  'partials_full',
  /** 409: a heartbeat not newer than the last one stored for the station. */
  'stale_heartbeat',
  /** 403: a training station at a production central, or a real one at a training central. */
  'purpose_mismatch',
  /**
   * 503: this intake node is working at its limit and did not start on the request (nothing of it
   * was read or kept): come back after `retryAfterMs`. Not a link failure and not the acta's.
   */
  'busy',
] as const;
export const IntakeErrorSchema = z.object({
  error: z.enum(INTAKE_ERRORS),
  offset: z.number().int().optional(),
  missing: z.array(Sha256Schema).optional(),
  /** With stale_request: the central's clock, so the station can measure its offset again. */
  time: z.string().optional(),
  /** With busy: how long to wait before asking again, ms. */
  retryAfterMs: z.number().int().min(0).max(MAX_BUSY_RETRY_AFTER_MS).optional(),
});
export type IntakeErrorCode = (typeof INTAKE_ERRORS)[number];

// --- Removable media (the same signed format, carried by hand) ---

export const MEDIA_FORMAT = 'catd-media-v1';
export const MediaEntrySchema = z.object({
  idempotencyKey: IdempotencyKeySchema,
  signed: SignedManifestSchema,
});
export type MediaEntry = z.infer<typeof MediaEntrySchema>;
export const MediaIndexSchema = z.object({
  format: z.literal(MEDIA_FORMAT),
  stationId: StationIdSchema,
  exportedAt: z.iso.datetime(),
  /** One entry per acta, in the station's order; blobs are files named by SHA-256 under blobs/. */
  entries: z.array(z.object({ idempotencyKey: IdempotencyKeySchema, manifestSha256: Sha256Schema })),
});
export type MediaIndex = z.infer<typeof MediaIndexSchema>;
export const SignedMediaIndexSchema = z.object({
  index: MediaIndexSchema,
  signature: z.string().min(1).max(200),
});
export const MediaReceiptsSchema = z.object({
  format: z.literal(MEDIA_FORMAT),
  importedAt: z.iso.datetime(),
  receipts: z.array(SignedReceiptSchema),
  /** Entries the central refused, with why (the station keeps them pending). */
  refused: z.array(z.object({ idempotencyKey: z.string(), error: z.string() })),
});
export type MediaReceipts = z.infer<typeof MediaReceiptsSchema>;
export const MEDIA_INDEX_FILE = 'index.json';
export const MEDIA_MANIFESTS_DIR = 'manifests';
export const MEDIA_BLOBS_DIR = 'blobs';
export const MEDIA_RECEIPTS_FILE = 'receipts.json';
