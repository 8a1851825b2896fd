// What goes into the outbox and what it gives back: the item the acta bridge enqueues, an entry
// as the transmitter and the screens read it, and why an item may be refused.
import { z } from 'zod';
import type { Result } from '../platform/result';
import {
  ActaKeyIdSchema,
  MAX_IMAGES_PER_ACTA,
  Sha256Schema,
  StampedTimeSchema,
  StationIdSchema,
  type SignedManifest,
} from '../../shared/intake';

export const OutboxItemSchema = z.object({
  actaKey: ActaKeyIdSchema,
  images: z
    .array(z.object({ sha256: Sha256Schema, size: z.number().int().min(1), path: z.string().min(1) }))
    .min(1)
    .max(MAX_IMAGES_PER_ACTA),
  times: z.object({
    receivedAt: StampedTimeSchema,
    scannedAt: StampedTimeSchema,
    verifiedAt: StampedTimeSchema,
  }),
  stationId: StationIdSchema,
  operatorId: z.string().min(1).max(32),
  supersedes: z.string().min(1).max(64).nullish(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

export type OutboxState = 'pending' | 'delivered' | 'dead';

export interface OutboxImage {
  sha256: string;
  size: number;
  path: string;
}

export interface OutboxEntry {
  id: number;
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
