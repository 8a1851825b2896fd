// The station's half of the intake protocol (docs/intake-protocol.md) for one acta on one link:
// ask which images the central lacks, upload those chunk by chunk (resuming where the central
// is), post the signed manifest under its idempotency key, and accept only a receipt signed by
// the central's enrolled key that names exactly this manifest. Every outcome is a value that
// says whose fault it was: the link's (try another), the acta's for now (back off) or for good.
import fs from 'node:fs';
import { crashPoint } from '../platform/crash-points';
import type { z } from 'zod';
import { canonicalJson } from '../platform/canonical-json';
import { verifyBytes } from '../platform/signing';
import {
  ChunkAnswerSchema,
  CHUNK_SHA_HEADER,
  IDEMPOTENCY_HEADER,
  INTAKE_BLOBS_PATH,
  INTAKE_HEALTH_PATH,
  INTAKE_MANIFESTS_PATH,
  INTAKE_MISSING_PATH,
  IntakeErrorSchema,
  IntakeHealthSchema,
  MAX_CHUNK_BYTES,
  MissingAnswerSchema,
  SignedReceiptSchema,
  type ManifestImage,
  type SignedReceipt,
} from '../../shared/intake';
import type { HttpAnswer, HttpFailure, LinkClient } from './http-client';
import type { OutboxEntry } from './outbox';
import { systemClock, type Clock } from '../platform/clock';
import { startExchange, type ExchangeTiming } from './clock-offset';
import { err, ok, type Result } from '../platform/result';
import { sha256Hex } from '../platform/hash';

export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** How often one upload may be told to resume elsewhere before the attempt gives up. */
const MAX_OFFSET_CORRECTIONS = 4;
/** A busy central that did not say how long to wait: about this long. */
export const BUSY_DEFAULT_WAIT_MS = 2_000;
/** A probe answers within this or the link counts as down. */
export const PROBE_TIMEOUT_MS = 2_000;

export type DeliveryOutcome =
  | { kind: 'delivered'; receipt: SignedReceipt; replayed: boolean }
  /** The link (or whatever answers on it) failed: open its circuit, try the acta on another. */
  | { kind: 'link'; error: string }
  /**
   * Worth trying again later (after a backoff). `retryAfterMs`: the central was busy and said when
   * to come back; such an answer is no fault of the acta's and spends none of its attempts.
   */
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  /** No retry will help: dead-letter for the supervisor. */
  | { kind: 'permanent'; error: string };

export interface ReceiptExpectation {
  idempotencyKey: string;
  manifestSha256: string;
  stationId: string;
  actaKey: string;
  /**
   * The pages as signed: the receipt must name the same ones (with both hashes of a page sent as
   * a copy), so the station holds the central's signed word for the copy and its original.
   */
  images: readonly ManifestImage[];
}

export type ReceiptError =
  'transmit.error.receiptMalformed' | 'transmit.error.receiptSignature' | 'transmit.error.receiptMismatch';

/** The one place a receipt is accepted: on a link answer, and when brought back on removable media. */
export function checkReceipt(
  raw: unknown,
  centralKeyPem: string,
  expect: ReceiptExpectation,
): Result<SignedReceipt, ReceiptError> {
  const parsed = SignedReceiptSchema.safeParse(raw);
  if (!parsed.success) return err('transmit.error.receiptMalformed');
  const { receipt, signature } = parsed.data;
  if (!verifyBytes(centralKeyPem, Buffer.from(canonicalJson(receipt)), signature))
    return err('transmit.error.receiptSignature');
  if (
    receipt.idempotencyKey !== expect.idempotencyKey ||
    receipt.manifestSha256 !== expect.manifestSha256 ||
    receipt.stationId !== expect.stationId ||
    receipt.actaKey !== expect.actaKey ||
    canonicalJson(receipt.images) !== canonicalJson(expect.images)
  )
    return err('transmit.error.receiptMismatch');
  return ok(parsed.data);
}

/** The body as JSON, or undefined when it is not JSON (a schema then says what is wrong). */
export function jsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function transportError(failure: HttpFailure): DeliveryOutcome {
  return { kind: 'link', error: `transmit.error.${failure.kind}:${failure.code}` };
}

/** An answer that is not the intake's own (a proxy, a captive portal, a broken backend). */
function unexpected(r: HttpAnswer): DeliveryOutcome {
  if (r.status >= 500) return { kind: 'link', error: `transmit.error.server:${r.status}` };
  return { kind: 'link', error: `transmit.error.notIntake:${r.status}` };
}

function intakeError(r: HttpAnswer): z.infer<typeof IntakeErrorSchema> | null {
  const e = IntakeErrorSchema.safeParse(jsonBody(r.body));
  return e.success ? e.data : null;
}

function refusal(r: HttpAnswer): DeliveryOutcome {
  const e = intakeError(r);
  if (!e) return unexpected(r);
  switch (e.error) {
    case 'busy':
      return {
        kind: 'retry',
        error: 'transmit.error.busy',
        retryAfterMs: e.retryAfterMs ?? BUSY_DEFAULT_WAIT_MS,
      };
    case 'unavailable':
      return { kind: 'link', error: 'transmit.error.server:unavailable' };
    case 'in_flight':
    case 'blobs_missing':
    case 'offset_mismatch':
    case 'chunk_hash_mismatch':
      return { kind: 'retry', error: `transmit.error.${e.error}` };
    case 'unknown_station':
      return { kind: 'permanent', error: 'transmit.error.notEnrolled' };
    // A training record at a real central (or the reverse): no link or retry makes it belong.
    case 'purpose_mismatch':
      return { kind: 'permanent', error: 'transmit.error.purpose_mismatch' };
    // Something on this path stripped the signature headers (a proxy): another link may not.
    case 'unauthenticated':
      return { kind: 'link', error: 'transmit.error.unauthenticated' };
    // The clock offset was re-measured from the refusal (http-client.ts); a fresh nonce passes.
    case 'stale_request':
    case 'replayed_request':
    case 'body_hash_mismatch':
    case 'partials_full':
    case 'stale_heartbeat':
      return { kind: 'retry', error: `transmit.error.${e.error}` };
    case 'request_signature':
    case 'bad_signature':
    case 'idempotency_conflict':
    case 'idempotency_mismatch':
    case 'acta_conflict':
    case 'blob_hash_mismatch':
    case 'too_large':
    case 'bad_request':
    case 'not_found':
      return { kind: 'permanent', error: `transmit.error.${e.error}` };
  }
}

export interface DeliverOptions {
  stationId: string;
  centralKeyPem: string;
  chunkBytes?: number;
  signal?: AbortSignal;
  /** Called (and must be durable) just before the manifest is posted: see Outbox.manifestLeaving. */
  manifestLeaving?: () => void;
}

export async function deliverOverLink(
  client: LinkClient,
  entry: OutboxEntry,
  opts: DeliverOptions,
): Promise<DeliveryOutcome> {
  const chunkBytes = Math.min(opts.chunkBytes ?? DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES);
  const unique = [...new Map(entry.images.map((i) => [i.sha256, i])).values()];
  // A first attempt whose pages each fit in one chunk sends them without asking first: the central
  // stores an image it already holds as a no-op (store.ts writeChunk), and the question was a
  // signed request of its own per acta, a third of the central's work on a night of small pages.
  // A later attempt asks, to resume an upload where the central is or skip what it holds.
  const askFirst = entry.attempts > 0 || unique.some((i) => i.size > chunkBytes);
  let toSend: Array<{ img: (typeof unique)[number]; offset: number }> = unique.map((img) => ({
    img,
    offset: 0,
  }));
  if (askFirst) {
    const asked = await askMissing(client, unique, opts);
    if ('kind' in asked) return asked;
    toSend = asked.flatMap((m) => {
      const img = unique.find((i) => i.sha256 === m.sha256);
      return img ? [{ img, offset: m.offset }] : [];
    });
  }
  for (const { img, offset } of toSend) {
    const up = await uploadImage(client, img, offset, chunkBytes, opts);
    if (up) return up;
  }

  const signal = opts.signal ? { signal: opts.signal } : {};
  if (opts.signal?.aborted) return transportError({ kind: 'aborted', code: 'aborted' });
  opts.manifestLeaving?.();
  const posted = await client.request('POST', INTAKE_MANIFESTS_PATH, {
    headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: entry.idempotencyKey },
    body: Buffer.from(JSON.stringify(entry.signed)),
    ...signal,
  });
  if (!posted.ok) return transportError(posted.error);
  const r = posted.value;
  if (r.status !== 201) return refusal(r);
  const check = checkReceipt(jsonBody(r.body), opts.centralKeyPem, {
    idempotencyKey: entry.idempotencyKey,
    manifestSha256: entry.manifestSha256,
    stationId: opts.stationId,
    actaKey: entry.actaKey,
    images: entry.signed.manifest.images,
  });
  // A 201 without a receipt the central's key signed is not a delivery, whoever sent it.
  if (!check.ok) return { kind: 'link', error: check.error };
  return { kind: 'delivered', receipt: check.value, replayed: r.headers['idempotent-replayed'] === 'true' };
}

/**
 * Uploads one file as a blob outside any manifest (a scanned original the central asked for,
 * central/originals.ts): from wherever the central's partial copy ends; null when it holds it whole.
 */
export function uploadBlob(
  client: LinkClient,
  file: { sha256: string; size: number; path: string },
  opts: DeliverOptions,
): Promise<DeliveryOutcome | null> {
  return uploadImage(
    client,
    file,
    0,
    Math.min(opts.chunkBytes ?? DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES),
    opts,
  );
}

/** Which of these images the central lacks, and from which offset each upload resumes. */
async function askMissing(
  client: LinkClient,
  images: ReadonlyArray<{ sha256: string }>,
  opts: DeliverOptions,
): Promise<Array<{ sha256: string; offset: number }> | DeliveryOutcome> {
  const asked = await client.request('POST', INTAKE_MISSING_PATH, {
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ sha256: images.map((i) => i.sha256) })),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (!asked.ok) return transportError(asked.error);
  const q = asked.value;
  if (q.status !== 200) return refusal(q);
  const missing = MissingAnswerSchema.safeParse(jsonBody(q.body));
  return missing.success ? missing.data.missing : unexpected(q);
}

async function uploadImage(
  client: LinkClient,
  img: { sha256: string; size: number; path: string },
  startAt: number,
  chunkBytes: number,
  opts: DeliverOptions,
): Promise<DeliveryOutcome | null> {
  let fd: number;
  try {
    fd = fs.openSync(img.path, 'r');
  } catch {
    return { kind: 'permanent', error: 'transmit.error.imageMissing' };
  }
  try {
    let offset = Math.min(startAt, img.size);
    let corrections = 0;
    // The central may already hold every byte as an unfinished partial (a process killed before
    // it sealed the blob): an empty chunk at the end asks it to check and seal it.
    let mustFinish = offset === img.size;
    while (offset < img.size || mustFinish) {
      mustFinish = false;
      const len = Math.min(chunkBytes, img.size - offset);
      const buf = Buffer.allocUnsafe(len);
      const n = fs.readSync(fd, buf, 0, len, offset);
      if (n !== len) return { kind: 'permanent', error: 'transmit.error.imageChanged' };
      const put = await client.request(
        'PUT',
        `${INTAKE_BLOBS_PATH}/${img.sha256}?offset=${offset}&size=${img.size}`,
        {
          headers: {
            'content-type': 'application/octet-stream',
            [CHUNK_SHA_HEADER]: sha256Hex(buf),
          },
          body: buf,
          ...(opts.signal ? { signal: opts.signal } : {}),
        },
      );
      if (!put.ok) return transportError(put.error);
      const r = put.value;
      if (r.status === 409) {
        const e = intakeError(r);
        if (
          e?.error === 'offset_mismatch' &&
          e.offset !== undefined &&
          // A resume point outside the image is not one the file can be read from.
          e.offset >= 0 &&
          e.offset <= img.size &&
          corrections++ < MAX_OFFSET_CORRECTIONS
        ) {
          offset = e.offset;
          continue;
        }
      }
      if (r.status !== 200) {
        const out = refusal(r);
        // The central hashed the whole image and it is not what the manifest says: the file on
        // this station changed after it was fingerprinted.
        if (out.kind === 'permanent' && out.error === 'transmit.error.blob_hash_mismatch')
          return { kind: 'permanent', error: 'transmit.error.imageChanged' };
        return out;
      }
      const a = ChunkAnswerSchema.safeParse(jsonBody(r.body));
      if (!a.success) return unexpected(r);
      if (a.data.complete) return null;
      // Each chunk must move the upload forward (within the image): a server that keeps
      // answering the same offset would otherwise hold this acta's upload forever.
      if (a.data.offset > img.size || (len > 0 && a.data.offset <= offset)) return unexpected(r);
      crashPoint('transmit.chunk');
      offset = a.data.offset;
    }
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

export interface ProbeAnswer {
  latencyMs: number;
  /** The central's clock as it answered, and the exchange's timing, for the offset meter. */
  centralTime: string;
  timing: ExchangeTiming;
}

/** Health probe over the link's own client (its CA, pin and local address), not the system's. */
/** The answer, or the message key (with its detail) of why the link failed the probe. */
export async function probeOverLink(
  client: LinkClient,
  clock: Clock = systemClock,
): Promise<Result<ProbeAnswer, string>> {
  const exchange = startExchange(clock);
  const r = await client.request('GET', INTAKE_HEALTH_PATH, { deadlineMs: PROBE_TIMEOUT_MS });
  const timing = exchange();
  if (!r.ok) return err(`transmit.error.${r.error.kind}:${r.error.code}`);
  const health = IntakeHealthSchema.safeParse(jsonBody(r.value.body));
  if (r.value.status !== 200 || !health.success) return err(`transmit.error.notIntake:${r.value.status}`);
  return ok({ latencyMs: Math.round(timing.roundTripMs), centralTime: health.data.time, timing });
}
