// What goes into the outbox and what it gives back: the item the acta bridge enqueues, an entry
// as the transmitter and the screens read it, and why an item may be refused.
import { z } from 'zod';
import type { Result } from '../platform/result';
import {
  ActaKeyIdSchema,
  ActaTimesSchema,
  OperatorIdSchema,
  RecordNumberSchema,
  IdempotencyKeySchema,
  MAX_IMAGES_PER_ACTA,
  MAX_SUPERSEDED_RECORDS,
  RecordResolutionSchema,
  Sha256Schema,
  StationIdSchema,
  TransmissionEncodingSchema,
  type SignedManifest,
} from '../../shared/intake';

export const OutboxItemSchema = z.object({
  /** The acta record this entry sends (one entry per record); absent only in transmit-level tests. */
  actaId: z.number().int().positive().nullish(),
  actaKey: ActaKeyIdSchema,
  /** The record number of the key at the station (see Manifest.record). */
  record: RecordNumberSchema.default(1),
  resolution: RecordResolutionSchema.default(null),
  /** Idempotency keys of the entries of the records this one replaces. */
  supersedes: z.array(IdempotencyKeySchema).max(MAX_SUPERSEDED_RECORDS).default([]),
  /** The files that travel (a page's lighter copy, or the scanned file itself), in page order. */
  images: z
    .array(
      z.object({
        sha256: Sha256Schema,
        size: z.number().int().min(1),
        path: z.string().min(1),
        /** The scanned page a copy was derived from (transmit.profile); absent: sent as scanned. */
        original: z.object({ sha256: Sha256Schema, size: z.number().int().min(1) }).optional(),
        encoding: TransmissionEncodingSchema.optional(),
      }),
    )
    .min(1)
    .max(MAX_IMAGES_PER_ACTA),
  times: ActaTimesSchema,
  stationId: StationIdSchema,
  operatorId: OperatorIdSchema,
});
export type OutboxItem = z.input<typeof OutboxItemSchema>;

/**
 * The longest wait the transmitter ever schedules before an acta's next attempt. A stored
 * `next_attempt_at` further ahead than this can only come from a wall clock that was set back
 * since it was written: it is pulled in on start, so such an acta does not sit out the jump.
 */
export const MAX_RETRY_WAIT_MS = 60_000;

export type OutboxState = 'pending' | 'delivered' | 'dead';
export type OutboxHold = 'held' | 'annulled';

/** One entry as the watchdog reads them all: no manifest, no images. */
export interface OutboxLedgerRow {
  id: number;
  actaId: number | null;
  actaKey: string;
  idempotencyKey: string;
  state: OutboxState;
  hold: OutboxHold | null;
  /** Attempts begun, whatever became of them. */
  attempts: number;
  /**
   * Times the signed manifest left the station (posted, or written to removable media): only
   * then may a record annulled here still be counted at the central.
   */
  manifestsOut: number;
}

export interface OutboxImage {
  sha256: string;
  size: number;
  path: string;
}

export interface OutboxEntry {
  id: number;
  /** The acta record it sends (null: an entry of an older station the upgrade could not match). */
  actaId: number | null;
  actaKey: string;
  idempotencyKey: string;
  signed: SignedManifest;
  manifestSha256: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  exportedAt: string | null;
  enqueuedAt: string;
  images: OutboxImage[];
}

export type EnqueueErrorCode = 'invalid' | 'imageMissing';
export interface EnqueueError {
  code: EnqueueErrorCode;
  messageKey: `outbox.error.${EnqueueErrorCode}`;
  /** What was wrong (a field, an image's path), for the log. */
  detail: string;
}
export type EnqueueResult = Result<OutboxEntry, EnqueueError>;

/** Where an acta's transmission stands, as the queue screen shows it. */
export interface OutboxStanding {
  state: OutboxState;
  attempts: number;
  lastError: string | null;
}

export interface QueueCounts {
  pending: number;
  dead: number;
  delivered: number;
}
