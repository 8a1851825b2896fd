// The audit log: an append-only hash chain in SQLite. Each entry's hash covers its content and the
// previous entry's hash, so removing, reordering or editing any entry breaks every hash after it.
import { createHash } from 'node:crypto';
import type { Db } from '../store/db';
import { stamp, type Clock } from '../app/clock';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  atUtc: string;
  offsetMinutes: number;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

interface AuditRow {
  seq: number;
  at_utc: string;
  offset_minutes: number;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** Canonical JSON: keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        seq: e.seq,
        atUtc: e.atUtc,
        offsetMinutes: e.offsetMinutes,
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        details: e.details,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
}

export type AuditVerdict =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

/** Checks a chain of entries in order; used on the database and on exported copies alike. */
export function verifyChain(entries: Iterable<AuditEntry>): AuditVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let n = 0;
  for (const e of entries) {
    n++;
    if (e.seq !== expectedSeq)
      return { ok: false, entries: n, brokenAt: e.seq, reason: `falta la entrada ${expectedSeq}` };
    if (e.prevHash !== prev)
      return { ok: false, entries: n, brokenAt: e.seq, reason: 'no enlaza con la entrada anterior' };
    if (entryHash(e) !== e.hash)
      return { ok: false, entries: n, brokenAt: e.seq, reason: 'su contenido fue alterado' };
    prev = e.hash;
    expectedSeq++;
  }
  return { ok: true, entries: n };
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends one entry. Call it inside the same transaction as the change it records, so the
   * change and its audit entry land together or not at all.
   */
  append(actor: string, action: string, subject: string, details: Record<string, unknown> = {}): AuditEntry {
    const last = this.db
      .prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
      .get();
    const t = stamp(this.clock);
    const base = {
      seq: (last?.seq ?? 0) + 1,
      atUtc: t.utc,
      offsetMinutes: t.offsetMinutes,
      actor,
      action,
      subject,
      details,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...base, hash: entryHash(base) };
    this.db
      .prepare(
        `INSERT INTO audit_log (seq, at_utc, offset_minutes, actor, action, subject, details, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.seq,
        entry.atUtc,
        entry.offsetMinutes,
        actor,
        action,
        subject,
        canonicalJson(details),
        entry.prevHash,
        entry.hash,
      );
    return entry;
  }

  *entries(): Generator<AuditEntry> {
    for (const r of this.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      yield {
        seq: r.seq,
        atUtc: r.at_utc,
        offsetMinutes: r.offset_minutes,
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        details: JSON.parse(r.details) as Record<string, unknown>,
        prevHash: r.prev_hash,
        hash: r.hash,
      };
    }
  }

  /** Checks the whole chain and names the first broken entry. */
  verify(): AuditVerdict {
    return verifyChain(this.entries());
  }
}
