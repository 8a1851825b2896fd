// Tables owned: audit_log.
// The audit log: an append-only hash chain in SQLite. Each entry's hash covers its content and the
// previous entry's hash, so removing, reordering or editing any entry breaks every hash after it.
import type { Db } from '../store/db';
import { stamp, type Clock } from '../platform/clock';
import { canonicalJson } from '../platform/canonical-json';
import {
  entryHash,
  GENESIS_HASH,
  verifyChain,
  type AuditEntry,
  type AuditVerdict,
} from '../platform/audit-chain';
import type { AuditHead } from '../../shared/intake';

export { entryHash, GENESIS_HASH, verifyChain, type AuditEntry, type AuditVerdict };

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

export interface AuditFilter {
  actor?: string;
  action?: string;
  text?: string;
  /** UTC ISO instant, inclusive. */
  from?: string;
  /** UTC ISO instant, exclusive. */
  to?: string;
  limit?: number;
  offset?: number;
}

function fromRow(r: AuditRow): AuditEntry {
  return {
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

/** A typed "%" or "_" is a character to find, not a wildcard. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
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
    const last = this.head();
    const t = stamp(this.clock);
    const base = {
      seq: last.seq + 1,
      atUtc: t.utc,
      offsetMinutes: t.offsetMinutes,
      actor,
      action,
      subject,
      details,
      prevHash: last.hash,
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

  /** The chain's last entry {seq, hash} (seq 0 and the genesis hash when empty): what anchors it. */
  head(): AuditHead {
    const last = this.db
      .prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
      .get();
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** The hash of entry `seq`, or null when the chain has no such entry. */
  hashAt(seq: number): string | null {
    return (
      this.db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?').get(seq)
        ?.hash ?? null
    );
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_log').get()?.n ?? 0;
  }

  *entries(): Generator<AuditEntry> {
    for (const r of this.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      yield fromRow(r);
    }
  }

  /** Every entry about one subject (an acta's history), oldest first. */
  bySubject(subject: string): AuditEntry[] {
    return this.db
      .prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE subject = ? ORDER BY seq')
      .all(subject)
      .map(fromRow);
  }

  /**
   * The entries matching every given filter, newest first, one page at a time. `action` matches
   * a whole action or a prefix ending in "." ("acta." = every acta action); `text` is searched in
   * actor, action, subject and details; `from`/`to` are UTC instants (to is exclusive).
   */
  query(filter: AuditFilter): { entries: AuditEntry[]; total: number } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.actor) {
      where.push('actor = ?');
      args.push(filter.actor);
    }
    if (filter.action) {
      if (filter.action.endsWith('.')) {
        where.push("action LIKE ? ESCAPE '\\'");
        args.push(`${escapeLike(filter.action)}%`);
      } else {
        where.push('action = ?');
        args.push(filter.action);
      }
    }
    if (filter.text) {
      const c = "LIKE ? ESCAPE '\\'";
      where.push(`(actor ${c} OR action ${c} OR subject ${c} OR details ${c})`);
      const like = `%${escapeLike(filter.text)}%`;
      args.push(like, like, like, like);
    }
    if (filter.from) {
      where.push('at_utc >= ?');
      args.push(filter.from);
    }
    if (filter.to) {
      where.push('at_utc < ?');
      args.push(filter.to);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total =
      this.db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM audit_log ${clause}`).get(...args)
        ?.n ?? 0;
    const rows = this.db
      .prepare<unknown[], AuditRow>(`SELECT * FROM audit_log ${clause} ORDER BY seq DESC LIMIT ? OFFSET ?`)
      .all(...args, filter.limit ?? 50, filter.offset ?? 0);
    return { entries: rows.map(fromRow), total };
  }

  /** Checks the whole chain and names the first broken entry. */
  verify(): AuditVerdict {
    return verifyChain(this.entries());
  }
}
