// Tables owned: outbox, outbox_images, outbox_attempts, receipts.
// The outbox: every verified acta waiting for a receipt from the central, in SQLite. The manifest
// is signed once, when the acta enters, and sent byte-for-byte the same on every attempt, link and
// USB drive under one idempotency key: that is what lets the central count it exactly once.
// An attempt is written as failed before it starts and turned to succeeded only with a verified
// signed receipt, so a crash at any instant leaves a row that simply gets tried again.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../store/db';
import type { AuditLog } from '../security/audit';
import type { StationKey } from '../security/station-key';
import { canonicalJson } from '../platform/canonical-json';
import { SteadyEpoch, type Clock } from '../platform/clock';
import { signManifest } from './manifest-sign';
import { err, ok } from '../platform/result';
import { type Manifest, type SignedReceipt } from '../../shared/intake';
import {
  MAX_RETRY_WAIT_MS,
  OutboxItemSchema,
  type EnqueueErrorCode,
  type EnqueueResult,
  type OutboxEntry,
  type OutboxHold,
  type OutboxImage,
  type OutboxLedgerRow,
  type OutboxItem,
  type OutboxStanding,
  type OutboxState,
  type QueueCounts,
} from './outbox-types';

export * from './outbox-types';

/** Who the audit log names for what the transmitter does on its own. */
export const TRANSMIT_ACTOR = 'sistema:transmision';

function refused(code: EnqueueErrorCode, detail: string): EnqueueResult {
  return err({ code, messageKey: `outbox.error.${code}`, detail });
}

interface OutboxRow {
  id: number;
  acta_id: number | null;
  acta_key: string;
  idempotency_key: string;
  manifest: string;
  manifest_sha256: string;
  signature: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  exported_at: string | null;
  enqueued_at: string;
}

export class Outbox {
  /**
   * `next_attempt_at` is epoch ms on this timeline: the wall time at start advanced by the
   * monotonic clock, so a wall-clock jump mid-run neither stalls nor rushes a scheduled retry.
   */
  private readonly steady: SteadyEpoch;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly key: StationKey,
    private readonly clock: Clock,
    /** A training station's records are signed as training (manifest.training). */
    private readonly training = false,
  ) {
    this.steady = new SteadyEpoch(clock);
  }

  /** Now, on the timeline of `next_attempt_at` (see `steady`). */
  scheduleNowMs(): number {
    return this.steady.nowMs();
  }

  /** Pulls in retries scheduled further ahead than any backoff (a clock set back while the station was off). */
  rebaseRetries(): number {
    const latest = this.scheduleNowMs() + MAX_RETRY_WAIT_MS;
    return this.db
      .prepare(`UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?`)
      .run(latest, latest).changes;
  }

  /**
   * Signs the acta record's manifest and puts it in the queue; the caller's verified images stay
   * where they are. A record already in the outbox keeps its entry (one record, one manifest).
   */
  enqueue(item: OutboxItem): EnqueueResult {
    const parsed = OutboxItemSchema.safeParse(item);
    if (!parsed.success) return refused('invalid', parsed.error.issues[0]?.message ?? '');
    const it = parsed.data;
    for (const img of it.images) {
      let size: number;
      try {
        size = fs.statSync(img.path).size;
      } catch {
        return refused('imageMissing', img.path);
      }
      if (size !== img.size) return refused('invalid', `${img.path}: size`);
    }
    if (it.actaId) {
      const existing = this.entryOfActa(it.actaId);
      if (existing) return ok(existing);
    }
    const idempotencyKey = randomUUID();
    const signed = signManifest(this.key, idempotencyKey, it, this.audit.head(), this.training);
    const now = this.clock.now();
    const id = this.db.transaction(() => {
      const r = this.db
        .prepare(
          `INSERT INTO outbox (acta_id, acta_key, idempotency_key, manifest, manifest_sha256, signature, state, attempts,
             next_attempt_at, enqueued_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
        )
        .run(
          it.actaId ?? null,
          it.actaKey,
          idempotencyKey,
          signed.canonical,
          signed.manifestSha256,
          signed.signature,
          this.scheduleNowMs(),
          now.toISOString(),
          now.toISOString(),
        );
      const outboxId = Number(r.lastInsertRowid);
      const ins = this.db.prepare(
        'INSERT INTO outbox_images (outbox_id, seq, sha256, size, path) VALUES (?, ?, ?, ?, ?)',
      );
      it.images.forEach((img, seq) => ins.run(outboxId, seq, img.sha256, img.size, img.path));
      this.audit.append(TRANSMIT_ACTOR, 'acta.enqueued', it.actaKey, {
        outboxId,
        actaId: it.actaId ?? null,
        idempotencyKey,
        manifestSha256: signed.manifestSha256,
        ...(it.supersedes.length ? { supersedes: it.supersedes } : {}),
      });
      return outboxId;
    })();
    return ok(this.get(id)!);
  }

  get(id: number): OutboxEntry | null {
    const row = this.db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?').get(id);
    return row ? this.toEntry(row) : null;
  }

  byIdempotencyKey(key: string): OutboxEntry | null {
    const row = this.db
      .prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE idempotency_key = ?')
      .get(key);
    return row ? this.toEntry(row) : null;
  }

  private toEntry(row: OutboxRow): OutboxEntry {
    const images = this.db
      .prepare<[number], OutboxImage>(
        'SELECT sha256, size, path FROM outbox_images WHERE outbox_id = ? ORDER BY seq',
      )
      .all(row.id);
    return {
      id: row.id,
      actaId: row.acta_id,
      actaKey: row.acta_key,
      idempotencyKey: row.idempotency_key,
      signed: { manifest: JSON.parse(row.manifest) as Manifest, signature: row.signature },
      manifestSha256: row.manifest_sha256,
      state: row.state,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error,
      exportedAt: row.exported_at,
      enqueuedAt: row.enqueued_at,
      images,
    };
  }

  /** The entry of one acta record, if it reached the outbox. */
  entryOfActa(actaId: number): OutboxEntry | null {
    const row = this.db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE acta_id = ?').get(actaId);
    return row ? this.toEntry(row) : null;
  }

  /**
   * Holds (or, for an annulled acta, stops for good) an acta record's waiting entry; release
   * clears a hold. Returns how many entries changed. Audited by the workflow's own transition.
   */
  holdActa(actaId: number, hold: OutboxHold | null): number {
    return this.setHold('acta_id', actaId, hold);
  }

  /** The same for one entry (an entry no acta record owns, or a transmit-level test's). */
  holdEntry(outboxId: number, hold: OutboxHold | null): number {
    return this.setHold('id', outboxId, hold);
  }

  private setHold(column: 'acta_id' | 'id', value: number, hold: OutboxHold | null): number {
    return this.db
      .prepare(
        `UPDATE outbox SET hold = ?, updated_at = ? WHERE ${column} = ? AND state IN ('pending', 'dead')
           AND (hold IS NULL OR hold = 'held')`,
      )
      .run(hold, this.clock.now().toISOString(), value).changes;
  }

  /**
   * The size of a scanned original this station named in one of its own signed manifests (a page
   * sent as a copy), or null: the central may ask for those originals and nothing else.
   */
  signedOriginal(sha256: string): number | null {
    const needle = `"original":{"sha256":"${sha256}","size":`;
    const row = this.db
      .prepare('SELECT manifest FROM outbox WHERE instr(manifest, ?) > 0 LIMIT 1')
      .get(needle) as { manifest: string } | undefined;
    if (!row) return null;
    const at = row.manifest.indexOf(needle) + needle.length;
    return Number.parseInt(row.manifest.slice(at), 10) || null;
  }

  /** How an acta record stands in the outbox: never enqueued, waiting (maybe held), or delivered. */
  standing(actaId: number): 'absent' | 'waiting' | 'delivered' {
    const row = this.db
      .prepare<[number], { state: OutboxState }>('SELECT state FROM outbox WHERE acta_id = ?')
      .get(actaId);
    if (!row) return 'absent';
    return row.state === 'delivered' ? 'delivered' : 'waiting';
  }

  /** Oldest first: the acta that has waited longest goes next. */
  due(nowMs: number, limit: number, exclude: ReadonlySet<number>): OutboxEntry[] {
    const rows = this.db
      .prepare<[number, number], OutboxRow>(
        `SELECT * FROM outbox WHERE state = 'pending' AND hold IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
      )
      .all(nowMs, limit + exclude.size);
    return rows
      .filter((r) => !exclude.has(r.id))
      .slice(0, limit)
      .map((r) => this.toEntry(r));
  }

  nextDueAt(): number | null {
    const r = this.db
      .prepare<[], { t: number | null }>(
        `SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'pending' AND hold IS NULL`,
      )
      .get();
    return r?.t ?? null;
  }

  /** Pending entries free to leave (no supervisor hold, not annulled): what a USB export carries. */
  sendable(): OutboxEntry[] {
    return this.db
      .prepare<[], OutboxRow>(`SELECT * FROM outbox WHERE state = 'pending' AND hold IS NULL ORDER BY id`)
      .all()
      .map((r) => this.toEntry(r));
  }

  list(state: OutboxState): OutboxEntry[] {
    return this.db
      .prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE state = ? ORDER BY id')
      .all(state)
      .map((r) => this.toEntry(r));
  }

  /** How each of these acta records stands in the outbox (records never enqueued are absent). */
  byActa(actaIds: readonly number[]): Map<number, OutboxStanding> {
    const out = new Map<number, OutboxStanding>();
    if (actaIds.length === 0) return out;
    const rows = this.db
      .prepare<
        number[],
        { acta_id: number; state: OutboxState; attempts: number; last_error: string | null }
      >(
        `SELECT acta_id, state, attempts, last_error FROM outbox
         WHERE acta_id IN (${actaIds.map(() => '?').join(',')})`,
      )
      .all(...actaIds);
    for (const r of rows)
      out.set(r.acta_id, { state: r.state, attempts: r.attempts, lastError: r.last_error });
    return out;
  }

  /** Every entry, in a few columns: what the watchdog compares with the actas. */
  ledger(): OutboxLedgerRow[] {
    return this.db
      .prepare<[], OutboxLedgerRow>(
        `SELECT id, acta_id AS actaId, acta_key AS actaKey, idempotency_key AS idempotencyKey, state, hold,
           attempts, manifests_out AS manifestsOut FROM outbox ORDER BY id`,
      )
      .all();
  }

  counts(): QueueCounts {
    const c: QueueCounts = { pending: 0, dead: 0, delivered: 0 };
    for (const r of this.db
      .prepare<[], { state: OutboxState; n: number }>(
        'SELECT state, count(*) AS n FROM outbox GROUP BY state',
      )
      .all())
      c[r.state] = r.n;
    return c;
  }

  /** Written (and committed) before a single byte leaves: a crash mid-attempt reads as a failed attempt. */
  beginAttempt(outboxId: number, link: string): number {
    const now = this.clock.now().toISOString();
    return this.db.transaction(() => {
      this.db
        .prepare('UPDATE outbox SET attempts = attempts + 1, updated_at = ? WHERE id = ?')
        .run(now, outboxId);
      const r = this.db
        .prepare(
          `INSERT INTO outbox_attempts (outbox_id, link, started_at, outcome, error) VALUES (?, ?, ?, 'failed', 'transmit.error.interrupted')`,
        )
        .run(outboxId, link, now);
      return Number(r.lastInsertRowid);
    })();
  }

  /** Committed before the manifest is posted: from here on the central may count the record. */
  manifestLeaving(outboxId: number): void {
    this.db.prepare('UPDATE outbox SET manifests_out = manifests_out + 1 WHERE id = ?').run(outboxId);
  }

  failAttempt(
    attemptId: number,
    outboxId: number,
    error: string,
    next: { retryAt: number; uncounted?: boolean } | { dead: true },
  ): void {
    const now = this.clock.now().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE outbox_attempts SET finished_at = ?, outcome = ?, error = ? WHERE id = ?')
        .run(now, 'failed', error, attemptId);
      if ('dead' in next) {
        const row = this.db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?').get(outboxId);
        this.db
          .prepare(
            `UPDATE outbox SET state = 'dead', last_error = ?, updated_at = ? WHERE id = ? AND state = 'pending'`,
          )
          .run(error, now, outboxId);
        this.audit.append(TRANSMIT_ACTOR, 'acta.deadLettered', row?.acta_key ?? String(outboxId), {
          outboxId,
          attempts: row?.attempts ?? 0,
          error,
        });
      } else {
        // An uncounted attempt (the central was busy) gives back what beginAttempt took: only
        // attempts that failed for the acta's or the link's sake bring it nearer the dead letter.
        this.db
          .prepare(
            `UPDATE outbox SET next_attempt_at = ?, last_error = ?, updated_at = ?, attempts = attempts - ? WHERE id = ? AND state = 'pending'`,
          )
          .run(next.retryAt, error, now, next.uncounted ? 1 : 0, outboxId);
      }
    })();
  }

  /**
   * Closes the acta with a receipt already verified by the caller. Idempotent: a receipt brought
   * back on a USB drive for an acta a link delivered meanwhile changes nothing.
   */
  deliver(outboxId: number, attemptId: number | null, signed: SignedReceipt, via: string): boolean {
    const now = this.clock.now().toISOString();
    return this.db.transaction(() => {
      if (attemptId !== null)
        this.db
          .prepare(
            `UPDATE outbox_attempts SET finished_at = ?, outcome = 'succeeded', error = NULL WHERE id = ?`,
          )
          .run(now, attemptId);
      const row = this.db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?').get(outboxId);
      if (!row || row.state === 'delivered') return false;
      this.db
        .prepare(
          `INSERT INTO receipts (outbox_id, receipt_id, receipt, signature, received_at, via, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          outboxId,
          signed.receipt.receiptId,
          canonicalJson(signed.receipt),
          signed.signature,
          signed.receipt.receivedAt,
          via,
          now,
        );
      this.db
        .prepare(`UPDATE outbox SET state = 'delivered', last_error = NULL, updated_at = ? WHERE id = ?`)
        .run(now, outboxId);
      this.audit.append(TRANSMIT_ACTOR, 'acta.delivered', row.acta_key, {
        outboxId,
        receiptId: signed.receipt.receiptId,
        via,
        manifestSha256: row.manifest_sha256,
      });
      return true;
    })();
  }

  receiptOf(outboxId: number): SignedReceipt | null {
    const r = this.db
      .prepare<[number], { receipt: string; signature: string }>(
        'SELECT receipt, signature FROM receipts WHERE outbox_id = ?',
      )
      .get(outboxId);
    return r ? { receipt: JSON.parse(r.receipt) as SignedReceipt['receipt'], signature: r.signature } : null;
  }

  /** Supervisor action: a dead-lettered acta goes back to the queue with a fresh attempt budget. */
  requeue(outboxId: number, actor: string): boolean {
    const now = this.clock.now();
    return this.db.transaction(() => {
      const row = this.db
        .prepare<[number, string, number], Pick<OutboxRow, 'acta_key' | 'last_error'>>(
          `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
           WHERE id = ? AND state = 'dead' RETURNING acta_key, last_error`,
        )
        .get(this.scheduleNowMs(), now.toISOString(), outboxId);
      if (!row) return false;
      this.audit.append(actor, 'acta.requeued', row.acta_key, { outboxId, lastError: row.last_error });
      return true;
    })();
  }

  markExported(ids: number[], folder: string): void {
    const now = this.clock.now().toISOString();
    const mark = this.db.prepare<[string, string, number], { acta_key: string }>(
      `UPDATE outbox SET exported_at = ?, manifests_out = manifests_out + 1, updated_at = ? WHERE id = ?
       RETURNING acta_key`,
    );
    this.db.transaction(() => {
      for (const id of ids) {
        const row = mark.get(now, now, id);
        if (row) this.audit.append(TRANSMIT_ACTOR, 'acta.exported', row.acta_key, { outboxId: id, folder });
      }
    })();
  }
}
