// Tables owned: request_nonces.
// The central's check of a station's request signature (shared/intake-auth.ts): the station is
// enrolled, its key signed exactly this method, path, query, body hash, timestamp and nonce, the
// timestamp is within the window of the central's clock, and the nonce was not used before within
// that window. Done on the headers alone, before a byte of the body is read: a stranger cannot
// make the central read (or keep) anything. The nonces live in the shared database, so several
// intake processes on one data folder refuse a replay whichever link it comes by.
import type http from 'node:http';
import { sha256Hex } from '../electron/platform/hash';
import { verifyBytes } from '../electron/platform/signing';
import type { Sql } from './db';
import type { IntakeErrorCode } from '../shared/intake';
import {
  AUTH_CONTENT_SHA_HEADER,
  AUTH_NONCE_HEADER,
  AUTH_PURPOSE_HEADER,
  AUTH_SIGNATURE_HEADER,
  AUTH_TIMESTAMP_HEADER,
  REQUEST_WINDOW_MS,
  RequestAuthSchema,
  requestSigningText,
  STATION_HEADER,
  TRAINING_PURPOSE,
} from '../shared/intake-auth';
import { stationPublicKey } from './keys';
import { RowBatcher } from './row-batcher';

export type AuthOutcome =
  | { ok: true; stationId: string; contentSha256: string; training: boolean }
  | { ok: false; status: number; error: IntakeErrorCode; time?: string };

/** Old nonces are dropped at most this often (each process), once outside the window. */
const NONCE_PURGE_EVERY_MS = 60_000;
/** Nonces one INSERT carries at most. */
const NONCE_BATCH = 64;

interface Nonce {
  stationId: string;
  nonce: string;
  timestampMs: number;
}

/**
 * Every request of a station writes its nonce, two or three per acta: written in batches
 * (row-batcher.ts). True for a nonce not seen before (within the window), false for a replay.
 */
function nonceWriter(db: Sql): RowBatcher<Nonce, boolean> {
  return new RowBatcher(NONCE_BATCH, async (batch) => {
    // The same nonce twice in one batch: the second is a replay of the first.
    const first = new Map<string, Nonce>();
    const keys = batch.map((p) => `${p.stationId}\n${p.nonce}`);
    batch.forEach((p, i) => {
      if (!first.has(keys[i]!)) first.set(keys[i]!, p);
    });
    const rows = [...first.values()];
    const inserted = await db.all<{ station_id: string; nonce: string }>(
      `INSERT INTO request_nonces (station_id, nonce, timestamp_ms)
       VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}
       ON CONFLICT DO NOTHING RETURNING station_id, nonce`,
      rows.flatMap((p) => [p.stationId, p.nonce, p.timestampMs]),
    );
    const fresh = new Set(inserted.map((r) => `${r.station_id}\n${r.nonce}`));
    return batch.map((p, i) => first.get(keys[i]!) === p && fresh.has(keys[i]!));
  });
}

export class RequestAuthenticator {
  private lastPurgeMs = 0;
  private readonly nonces: RowBatcher<Nonce, boolean>;

  constructor(
    private readonly dataDir: string,
    private readonly db: Sql,
    private readonly now: () => Date,
    readonly windowMs: number = REQUEST_WINDOW_MS,
  ) {
    this.nonces = nonceWriter(db);
  }

  async check(req: http.IncomingMessage): Promise<AuthOutcome> {
    const h = req.headers;
    const parsed = RequestAuthSchema.safeParse({
      stationId: h[STATION_HEADER],
      timestampMs: h[AUTH_TIMESTAMP_HEADER],
      nonce: h[AUTH_NONCE_HEADER],
      contentSha256: h[AUTH_CONTENT_SHA_HEADER],
      signature: h[AUTH_SIGNATURE_HEADER],
    });
    if (!parsed.success) return { ok: false, status: 401, error: 'unauthenticated' };
    const a = parsed.data;
    const pub = stationPublicKey(this.dataDir, a.stationId);
    if (!pub) return { ok: false, status: 403, error: 'unknown_station' };
    // The purpose header is part of what was signed: stripped or added on the way, it fails here.
    const training = h[AUTH_PURPOSE_HEADER] === TRAINING_PURPOSE;
    const text = requestSigningText({
      ...a,
      method: req.method ?? '',
      pathAndQuery: req.url ?? '',
      training,
    });
    if (!verifyBytes(pub, Buffer.from(text), a.signature))
      return { ok: false, status: 403, error: 'request_signature' };
    const now = this.now();
    if (Math.abs(a.timestampMs - now.getTime()) > this.windowMs)
      return { ok: false, status: 401, error: 'stale_request', time: now.toISOString() };
    await this.purge(now.getTime());
    if (!(await this.nonces.add({ stationId: a.stationId, nonce: a.nonce, timestampMs: a.timestampMs })))
      return { ok: false, status: 401, error: 'replayed_request' };
    return { ok: true, stationId: a.stationId, contentSha256: a.contentSha256, training };
  }

  /** The body that arrived is the one the station signed. */
  static bodyMatches(auth: { contentSha256: string }, body: Buffer): boolean {
    return sha256Hex(body) === auth.contentSha256;
  }

  /** A nonce older than the window can go: its request would be refused as stale anyway. */
  private async purge(nowMs: number): Promise<void> {
    if (nowMs - this.lastPurgeMs < NONCE_PURGE_EVERY_MS) return;
    this.lastPurgeMs = nowMs;
    await this.db.run('DELETE FROM request_nonces WHERE timestamp_ms < ?', [nowMs - this.windowMs]);
  }

  /** How many nonces are kept (for tests and the doctor). */
  async nonceCount(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM request_nonces'))?.n ?? 0;
  }
}
