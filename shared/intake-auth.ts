// Request authentication of the intake protocol (docs/intake-protocol.md, "Autenticación"): the
// station signs every request but GET health with its enrolled Ed25519 key. The signature covers
// the method, the path with its query, the SHA-256 of the body (declared in a header, so the
// central can refuse a stranger before reading a byte of the body), a timestamp on the central's
// clock as the station measured it, a random nonce and the station id. The central refuses a
// timestamp outside its window and a nonce it saw within the window (no replay).
import { z } from 'zod';
import { STATION_HEADER, StationIdSchema } from './intake';

export { STATION_HEADER };
/** Milliseconds since the epoch, on the central's clock as the station estimates it. */
export const AUTH_TIMESTAMP_HEADER = 'x-catd-timestamp';
export const AUTH_NONCE_HEADER = 'x-catd-nonce';
/** SHA-256 (hex) of the request body (of the empty string when there is none). */
export const AUTH_CONTENT_SHA_HEADER = 'x-catd-content-sha256';
/** Ed25519 (base64) over requestSigningText(...). */
export const AUTH_SIGNATURE_HEADER = 'x-catd-signature';
/**
 * `training` on every request of a station in training (capacitación); absent on real ones. It is
 * signed (a line of its own in the signing text), so removing it breaks the signature.
 */
export const AUTH_PURPOSE_HEADER = 'x-catd-purpose';
export const TRAINING_PURPOSE = 'training';

/**
 * A request whose timestamp is further than this from the central's clock is refused. Generous
 * because the timestamp is corrected by an offset measured over a slow link; nonces are kept this
 * long (and a bit) to catch replays.
 */
export const REQUEST_WINDOW_MS = 10 * 60_000;

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export const RequestAuthSchema = z.object({
  stationId: StationIdSchema,
  timestampMs: z.coerce.number().int().min(0),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().min(1).max(200),
});
export type RequestAuth = z.infer<typeof RequestAuthSchema>;

/** The exact text signed: one field a line, in this order, under a version label. */
export function requestSigningText(r: {
  method: string;
  pathAndQuery: string;
  contentSha256: string;
  timestampMs: number;
  nonce: string;
  stationId: string;
  /** Only for training requests: real ones sign exactly the text they always signed. */
  training?: boolean;
}): string {
  const lines = [
    'catd-request-v2',
    r.method.toUpperCase(),
    r.pathAndQuery,
    r.contentSha256,
    String(r.timestampMs),
    r.nonce,
    r.stationId,
  ];
  if (r.training) lines.push(`purpose:${TRAINING_PURPOSE}`);
  return lines.join('\n');
}
