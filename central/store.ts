// What the central keeps: images in a content-addressed blob store (blob-store.ts: built chunk by
// chunk, hashed whole, sealed, then recorded here in table blobs) and one row per
// idempotency key with the manifest, its signature and the signed receipt, in the central's
// database (db.ts: SQLite in the data folder, or PostgreSQL). Several intake processes may share
// one data folder (one per link, or several nodes on one PostgreSQL with the folder on a shared
// file system): the database serialises the writers, chunks are written at their offset (pwrite),
// so two processes receiving the same verified chunk write the same bytes to the same place.
import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../electron/platform/canonical-json';
import { sha256Hex } from '../electron/platform/hash';
import { FileBlobStore, type CentralBlobStore } from './blob-store';
import { signBytes, verifyBytes, type SigningKey } from '../electron/platform/signing';
import { type CentralDb, type Sql, type SqlStatement } from './db';
import { openCentralDatabase } from './store-db';
import { catdOfKey } from '../shared/catd-view';
import {
  INTAKE_PROTOCOL_VERSION,
  MAX_IMAGE_BYTES,
  SignedManifestSchema,
  type StationClockReport,
  type Heartbeat,
  type IntakeErrorCode,
  type Manifest,
  type Receipt,
  type SignedManifest,
  type SignedReceipt,
} from '../shared/intake';
import { loadOrCreateCentralKey, stationPublicKey } from './keys';
import {
  admit,
  applySupersessions,
  casillaRecords,
  commitLocks,
  standingStatement,
  type CasillaRecord,
  type StandingRow,
} from './standing';
import { DEFAULT_PARTIAL_LIMITS, PartialUploads, type PartialLimits } from './partials';
import { AnchorStore } from './anchors';
import { settleTally, TALLY_EVERY_MS } from './tally';
import { readCentralPurpose, type CentralPurpose } from './purpose';
import { recordHeartbeat, stationClock } from './heartbeats';

/**
 * How long a manifest being committed holds its idempotency key. A second request with the key
 * meanwhile gets 409; an intake process killed mid-commit frees the key when this runs out, so
 * every acta it held waits this long (measured: the night bench's SIGKILLed node). A commit is a
 * few statements, well under a second even on a loaded node; one slower than the lease is still
 * safe: the receipt is written only over a claim still in flight (finish), so a second request
 * that renewed the claim replays the first one's receipt instead of writing another.
 */
export const MANIFEST_LEASE_MS = 10_000;

export type CommitOutcome =
  | { kind: 'created'; receipt: SignedReceipt }
  | { kind: 'replayed'; receipt: SignedReceipt }
  | { kind: 'refused'; status: number; error: IntakeErrorCode; missing?: string[] };

export type ChunkOutcome =
  | { ok: true; offset: number; complete: boolean }
  | { ok: false; status: number; error: IntakeErrorCode; offset?: number };

interface ManifestRow {
  idempotency_key: string;
  acta_key: string;
  manifest_sha256: string;
  state: 'in_flight' | 'done';
  lease_until: number;
  receipt: string | null;
  receipt_signature: string | null;
  receipt_id: string | null;
  superseded_by: string | null;
}

export interface CentralStoreOptions {
  /** The central's clock: every time it writes (receipts included) is read from it. */
  now?: () => Date;
  partialLimits?: Partial<PartialLimits>;
  /** postgres://… to keep the records in PostgreSQL; otherwise <dataDir>/intake.sqlite. */
  databaseUrl?: string;
}

export class CentralStore {
  readonly partials: PartialUploads;
  readonly anchors: AnchorStore;
  /** A training central takes only training records; a real one never takes them (purpose.ts). */
  readonly purpose: CentralPurpose;
  /** The images' bytes (this store records which are sealed, in table blobs). */
  readonly blobs: CentralBlobStore;
  private readonly files: FileBlobStore;
  /** The counts follow the records a little after they commit (tally.ts). */
  private readonly tallying: NodeJS.Timeout;

  private constructor(
    readonly dataDir: string,
    readonly db: CentralDb,
    readonly key: SigningKey,
    readonly now: () => Date,
    partialLimits: Partial<PartialLimits>,
  ) {
    this.purpose = readCentralPurpose(dataDir);
    this.blobs = this.files = new FileBlobStore(dataDir);
    this.partials = new PartialUploads(
      this.db,
      this.blobs,
      { ...DEFAULT_PARTIAL_LIMITS, ...partialLimits },
      () => this.now().getTime(),
    );
    this.anchors = new AnchorStore(this.db, now);
    this.tallying = setInterval(() => void this.settleTally().catch(() => {}), TALLY_EVERY_MS).unref();
  }

  static async open(dataDir: string, o: CentralStoreOptions = {}): Promise<CentralStore> {
    const db = await openCentralDatabase(dataDir, o.databaseUrl);
    return new CentralStore(
      dataDir,
      db,
      loadOrCreateCentralKey(dataDir),
      o.now ?? (() => new Date()),
      o.partialLimits ?? {},
    );
  }

  /** Counts every record committed before the call (the screens call it before they read). */
  settleTally(): Promise<void> {
    return settleTally(this.db);
  }

  async close(): Promise<void> {
    clearInterval(this.tallying);
    // A tool that committed records (an import) leaves the counts up to date.
    await this.settleTally().catch(() => {});
    await this.db.close();
  }

  /** Where the file store keeps a sealed blob (tests and tools that read the data folder). */
  blobFile(sha: string): string {
    return this.files.file(sha);
  }

  async hasBlob(sha: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 FROM blobs WHERE sha256 = ?', [sha])) !== undefined;
  }

  /** For each hash the central lacks: how many bytes of it it already holds (to resume). */
  async missing(hashes: string[]): Promise<Array<{ sha256: string; offset: number }>> {
    const lacking: string[] = [];
    for (const h of new Set(hashes)) if (!(await this.hasBlob(h))) lacking.push(h);
    return Promise.all(lacking.map(async (h) => ({ sha256: h, offset: await this.blobs.partialSize(h) })));
  }

  /**
   * Writes one chunk at its offset, for `stationId`. `chunkSha`: the chunk's SHA-256 as already
   * checked against `bytes` (the request's signed body hash): a whole image is then not hashed
   * again (three more times, before, for a page of megabytes on the event loop).
   */
  async writeChunk(
    sha: string,
    offset: number,
    size: number,
    bytes: Buffer,
    stationId: string,
    chunkSha?: string,
  ): Promise<ChunkOutcome> {
    if (size < 1 || size > MAX_IMAGE_BYTES || offset + bytes.length > size)
      return { ok: false, status: 413, error: 'too_large' };
    // The whole image in one chunk (most pages: the station's chunks are 1 MiB) is never an
    // unfinished upload: stored and sealed at once, with no partial to account for or sweep (and
    // no need to ask first whether it is here: the same bytes written again change nothing).
    if (offset === 0 && bytes.length === size && (chunkSha ?? sha256Hex(bytes)) === sha) {
      await this.blobs.put(sha, bytes, true);
      await this.recordBlob(sha, size);
      // A partial begun earlier (a chunked attempt that stopped) is finished by this: it no longer counts.
      if ((await this.blobs.partialSize(sha)) > 0) {
        await this.blobs.dropPartial(sha);
        await this.partials.forget(sha);
      }
      return { ok: true, offset: size, complete: true };
    }
    if (await this.hasBlob(sha)) return { ok: true, offset: size, complete: true };
    if (!(await this.partials.admit(stationId, sha, size)))
      return { ok: false, status: 507, error: 'partials_full' };
    let have = await this.blobs.partialSize(sha);
    // A gap would leave zeros in the file: the station must resume where the central is.
    if (offset > have) return { ok: false, status: 409, error: 'offset_mismatch', offset: have };
    if (bytes.length > 0 && offset + bytes.length > have) {
      await this.blobs.writePartial(sha, offset, bytes);
      have = offset + bytes.length;
    }
    if (have < size) return { ok: true, offset: have, complete: false };
    return this.finishBlob(sha, size);
  }

  private async finishBlob(sha: string, size: number): Promise<ChunkOutcome> {
    const sealed = await this.blobs.seal(sha);
    if (sealed === 'gone')
      // Another process finished it first (sealed the partial away).
      return (await this.hasBlob(sha))
        ? { ok: true, offset: size, complete: true }
        : { ok: false, status: 409, error: 'offset_mismatch', offset: 0 };
    if (sealed === 'mismatch') {
      await this.partials.forget(sha);
      return { ok: false, status: 422, error: 'blob_hash_mismatch', offset: 0 };
    }
    await this.recordBlob(sha, size);
    await this.partials.forget(sha);
    return { ok: true, offset: size, complete: true };
  }

  /**
   * Not waited onto the disk (the file is): a row a power cut forgets makes the station send the
   * image again; a receipt naming the image is committed durably after it, and with it.
   */
  private async recordBlob(sha: string, size: number): Promise<void> {
    await this.db.unwaited.run(
      'INSERT INTO blobs (sha256, size, stored_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [sha, size, this.now().toISOString()],
    );
  }

  async importBlob(sha: string, bytes: Buffer): Promise<ChunkOutcome> {
    if (await this.hasBlob(sha)) return { ok: true, offset: bytes.length, complete: true };
    if (!(await this.blobs.put(sha, bytes))) return { ok: false, status: 422, error: 'blob_hash_mismatch' };
    await this.recordBlob(sha, bytes.length);
    return { ok: true, offset: bytes.length, complete: true };
  }

  /**
   * Takes a signed manifest under its idempotency key: verifies the station's signature and that
   * every image is here with its size, then records it and signs a receipt. The same key with the
   * same manifest replays the receipt; with another manifest it is refused (422); while another
   * request holds the key it is refused (409).
   */
  async commitManifest(
    idempotencyKey: string,
    raw: unknown,
    via: 'link' | 'media',
    opts: { delayMs?: number } = {},
  ): Promise<CommitOutcome> {
    const parsed = SignedManifestSchema.safeParse(raw);
    if (!parsed.success) return { kind: 'refused', status: 400, error: 'bad_request' };
    const signed: SignedManifest = parsed.data;
    const m = signed.manifest;
    const pub = stationPublicKey(this.dataDir, m.stationId);
    if (!pub) return { kind: 'refused', status: 403, error: 'unknown_station' };
    const canonical = canonicalJson(m);
    if (!verifyBytes(pub, Buffer.from(canonical), signed.signature))
      return { kind: 'refused', status: 403, error: 'bad_signature' };
    const manifestSha = sha256Hex(canonical);
    // Checked on the signed manifest itself, so media imports are held to it as links are.
    if ((m.training === true) !== (this.purpose === 'training'))
      return { kind: 'refused', status: 403, error: 'purpose_mismatch' };
    if (m.idempotencyKey !== idempotencyKey) return this.mismatched(m.idempotencyKey, manifestSha);

    // The station's audit head, anchored beside the claim (and before the receipt's commit, which
    // takes it to the disk): the station signed it, whatever becomes of this manifest. Not
    // anchored (the database failed it): the claimed key goes back and the station tries again.
    // The images' files are looked at meanwhile; their rows are read with the commit's first round trip.
    const [claimed, anchored, files] = await Promise.allSettled([
      this.claim(idempotencyKey, signed, manifestSha),
      this.anchors.record(m.stationId, m.auditHead, 'manifest'),
      Promise.all(m.images.map((img) => this.blobs.size(img.sha256))),
    ]);
    if (claimed.status === 'rejected') throw claimed.reason;
    if (claimed.value) return claimed.value;
    try {
      if (anchored.status === 'rejected') throw anchored.reason;
      if (files.status === 'rejected') throw files.reason;
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const missing = lacking(m, (_, i) => files.value[i]);
      if (missing.length) {
        await this.release(idempotencyKey);
        return blobsMissing(missing);
      }
      return await this.finish(idempotencyKey, m, manifestSha, via);
    } catch (err) {
      await this.release(idempotencyKey);
      throw err;
    }
  }

  /**
   * The header names another key than the one the station signed. The manifest already committed
   * under its own key gets its receipt back (a replay, whoever sends it); anything else is
   * refused: a copy of a signed manifest cannot claim a key of its own.
   */
  private async mismatched(signedKey: string, manifestSha: string): Promise<CommitOutcome> {
    const row = await this.db.get<ManifestRow>(
      `SELECT * FROM manifests WHERE idempotency_key = ? AND state = 'done'`,
      [signedKey],
    );
    if (row && row.manifest_sha256 === manifestSha) return { kind: 'replayed', receipt: this.receiptOf(row) };
    return { kind: 'refused', status: 422, error: 'idempotency_mismatch' };
  }

  /**
   * Takes the key for this manifest, or says why not. One statement, atomic against every other
   * writer (another process or node, `catd central import`) taking the same key at the same
   * moment: it inserts the claim, or renews an abandoned claim (its process died) of the same
   * manifest; anything else is read back and answered. Not waited onto the disk: a claim a power
   * cut forgets is one whose lease never ran out (the station retries); the receipt's durable
   * commit comes after it in the log, and makes it durable with it.
   */
  private async claim(
    key: string,
    signed: SignedManifest,
    manifestSha: string,
  ): Promise<CommitOutcome | null> {
    const now = Date.now();
    const taken = await this.db.unwaited.run(
      `INSERT INTO manifests (idempotency_key, station_id, acta_key, catd, manifest_sha256, manifest, signature, state, lease_until)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'in_flight', ?)
       ON CONFLICT (idempotency_key) DO UPDATE SET lease_until = excluded.lease_until
       WHERE manifests.state = 'in_flight' AND manifests.lease_until <= ?
         AND manifests.manifest_sha256 = excluded.manifest_sha256`,
      [
        key,
        signed.manifest.stationId,
        signed.manifest.actaKey,
        catdOfKey(signed.manifest.actaKey),
        manifestSha,
        canonicalJson(signed.manifest),
        signed.signature,
        now + MANIFEST_LEASE_MS,
        now,
      ],
    );
    if (taken) return null;
    const row = await this.db.get<ManifestRow>('SELECT * FROM manifests WHERE idempotency_key = ?', [key]);
    if (row?.state === 'done') {
      if (row.manifest_sha256 !== manifestSha)
        return { kind: 'refused', status: 422, error: 'idempotency_conflict' };
      return { kind: 'replayed', receipt: this.receiptOf(row) };
    }
    // An abandoned claim with another manifest: the key still belongs to it.
    if (row && row.lease_until <= now && row.manifest_sha256 !== manifestSha)
      return { kind: 'refused', status: 422, error: 'idempotency_conflict' };
    // Held by a request in flight (or released by it this instant): the station tries again.
    return { kind: 'refused', status: 409, error: 'in_flight' };
  }

  private async release(key: string, q: Sql = this.db): Promise<void> {
    await q.run(`DELETE FROM manifests WHERE idempotency_key = ? AND state = 'in_flight'`, [key]);
  }

  private finish(
    key: string,
    m: Manifest,
    manifestSha: string,
    via: 'link' | 'media',
  ): Promise<CommitOutcome> {
    const hashes = [...new Set(m.images.map((img) => img.sha256))];
    const blobRows: SqlStatement = {
      sql: `SELECT sha256, size FROM blobs WHERE sha256 IN (${hashes.map(() => '?').join(', ')})`,
      params: hashes,
    };
    return this.db.tx(
      async (q, [standing, blobs]): Promise<CommitOutcome> => {
        // Every image's row, with its size (a row a power cut forgot: the station sends it again).
        const rows = blobs as Array<{ sha256: string; size: number }>;
        const missing = lacking(m, (sha) => rows.find((b) => b.sha256 === sha)?.size);
        if (missing.length) {
          await this.release(key, q);
          return blobsMissing(missing);
        }
        // A second record of a casilla is a conflict, not a silent overwrite, unless the station's
        // supervisor resolved it (standing.ts).
        const admission = await admit(q, m, standing as StandingRow[]);
        if (admission.refusal) {
          await this.release(key, q);
          return { kind: 'refused', status: 409, error: admission.refusal };
        }
        const receipt: Receipt = {
          protocol: INTAKE_PROTOCOL_VERSION,
          receiptId: `R-${randomBytes(12).toString('hex')}`,
          idempotencyKey: key,
          stationId: m.stationId,
          actaKey: m.actaKey,
          manifestSha256: manifestSha,
          // Both hashes of a page sent as a lighter copy (the wire's and the original's), as signed.
          images: m.images,
          receivedAt: this.now().toISOString(),
          via,
        };
        const receiptText = canonicalJson(receipt);
        const signature = signBytes(this.key, Buffer.from(receiptText));
        // Nothing to apply after the record (no supersession): it goes with the commit.
        const last = m.supersedes.length === 0 && !admission.replacedBy;
        // Its trigger queues the record for the counts (tally.ts, migration 10), in this transaction.
        const done = `UPDATE manifests SET state = 'done', receipt = ?, receipt_signature = ?, receipt_id = ?, received_at = ?, via = ?
         WHERE idempotency_key = ? AND state = 'in_flight'`;
        const values = [receiptText, signature, receipt.receiptId, receipt.receivedAt, via, key];
        const written = last ? await q.runAndCommit(done, values) : await q.run(done, values);
        // Another request (its lease ran out on this one) committed it first: its receipt stands.
        if (written === 0) return this.committedMeanwhile(q, key, manifestSha);
        if (!last) await applySupersessions(q, key, m, admission);
        return { kind: 'created', receipt: { receipt, signature } };
      },
      commitLocks(key, m),
      [standingStatement(key, m), blobRows],
    );
  }

  private async committedMeanwhile(q: Sql, key: string, manifestSha: string): Promise<CommitOutcome> {
    const row = await q.get<ManifestRow>(
      `SELECT * FROM manifests WHERE idempotency_key = ? AND state = 'done'`,
      [key],
    );
    if (row?.manifest_sha256 === manifestSha) return { kind: 'replayed', receipt: this.receiptOf(row) };
    return { kind: 'refused', status: 409, error: 'in_flight' };
  }

  private receiptOf(row: ManifestRow): SignedReceipt {
    return { receipt: JSON.parse(row.receipt!) as Receipt, signature: row.receipt_signature! };
  }

  /** Keeps a station's heartbeat as its latest (heartbeats.ts); the refusal, or null. */
  recordHeartbeat(hb: Heartbeat): Promise<IntakeErrorCode | null> {
    return recordHeartbeat(this.db, this.anchors, this.now, hb);
  }

  /** The clock offset the station last reported in its heartbeat (`health.clock`), if it did. */
  stationClock(stationId: string): Promise<StationClockReport | null> {
    return stationClock(this.db, stationId);
  }

  /** Every committed record with whether it stands for its casilla (see standing.ts). */
  records(actaKey?: string): Promise<CasillaRecord[]> {
    return casillaRecords(this.db, actaKey);
  }

  /** Delivered actas: what a count "by key and hash" at the central sees. */
  delivered(): Promise<Array<Record<'actaKey' | 'manifestSha256' | 'idempotencyKey' | 'via', string>>> {
    return this.db.all(
      `SELECT acta_key AS "actaKey", manifest_sha256 AS "manifestSha256", idempotency_key AS "idempotencyKey", via
       FROM manifests WHERE state = 'done' ORDER BY received_at, idempotency_key`,
    );
  }
}

/** The images of `m` whose size as found (file or row) is not the signed one: missing, for the station. */
function lacking(m: Manifest, found: (sha: string, i: number) => number | null | undefined): string[] {
  return m.images.filter((img, i) => found(img.sha256, i) !== img.size).map((img) => img.sha256);
}

/** The images a manifest names that the central lacks (or holds at another size): the station sends them. */
function blobsMissing(missing: string[]): CommitOutcome {
  return { kind: 'refused', status: 412, error: 'blobs_missing', missing };
}
