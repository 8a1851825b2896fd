// What must hold after every restart, read straight from the station's files (never through the
// core, which could hide a problem): the database is sound, the audit chain verifies, every image
// row has its whole file with the right hash, no acta record the operator or the supervisor was
// told about went missing or backwards, every supervisor decision the core confirmed is still
// there, and the central (central-invariants.ts) never counted a record twice and lets stand for
// each casilla exactly the records the station's decisions say.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabaseReadOnly } from '../../electron/store/db';
import { AuditLog } from '../../electron/security/audit';
import { TEMP_PREFIX } from '../../electron/capture/store';
import { sha256Hex } from '../../electron/platform/hash';
import { systemClock } from '../../electron/platform/clock';
import type { ActaState } from '../../shared/workflow';
import { STATE_RANK } from './operator-driver';
import { DECISION_REASON, type DecisionKind } from './supervisor-desk';
import { checkCentral, type CentralView } from './central-invariants';

export type { CentralView } from './central-invariants';

/** One acta record as the station's database holds it. */
export interface ActaRecordRow {
  id: number;
  keyId: string;
  state: ActaState;
  recordNo: number;
  conflictWith: number | null;
  supersedes: number | null;
  /** It entered the queue at some time (queued_at is set once, at en_cola). */
  queued: boolean;
  held: boolean;
  annulledBy: string | null;
  annulReason: string | null;
}

export interface OutboxRow {
  actaId: number | null;
  state: 'pending' | 'delivered' | 'dead';
  hold: string | null;
}

export interface StationSnapshot {
  actas: Map<number, ActaRecordRow>;
  /** Outbox entries by idempotency key. */
  entries: Map<string, OutboxRow>;
  /** Entries by state; `annulled` are those a supervisor's annul stopped for good (never sent). */
  outbox: { pending: number; delivered: number; dead: number; annulled: number };
  auditEntries: number;
  pages: number;
}

interface ActaDbRow {
  id: number;
  key_id: string;
  state: ActaState;
  record_no: number;
  conflict_with: number | null;
  supersedes_acta: number | null;
  queued_at_utc: string | null;
  held: number;
  annulled_by: string | null;
  annul_reason: string | null;
}

/** Remembers which blob files were already hashed whole (they are immutable once named). */
export class BlobVerifier {
  private readonly ok = new Set<string>();
  constructor(private readonly blobsDir: string) {}

  check(sha256: string, size: number): string | null {
    if (this.ok.has(sha256)) return null;
    const file = path.join(this.blobsDir, sha256);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return `image ${sha256.slice(0, 12)}… has a row but no file`;
    }
    if (bytes.length !== size)
      return `image ${sha256.slice(0, 12)}… is ${bytes.length} bytes, its row says ${size}`;
    if (sha256Hex(bytes) !== sha256) return `image ${sha256.slice(0, 12)}… does not hash to its name`;
    this.ok.add(sha256);
    return null;
  }
}

export function checkInvariants(o: {
  dataDir: string;
  central: CentralView;
  /** actaId → the furthest state the core confirmed to the operator. */
  confirmed: ReadonlyMap<number, ActaState>;
  /** actaId → the supervisor decisions the core confirmed for it. */
  decisions?: ReadonlyMap<number, readonly DecisionKind[]>;
  blobs: BlobVerifier;
  /** Checked right after a restart, before new work: no half-written file may be left. */
  afterRestart?: boolean;
}): { violations: string[]; snapshot: StationSnapshot } {
  const violations: string[] = [];
  const db = openDatabaseReadOnly(path.join(o.dataDir, 'catd.sqlite'));
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') violations.push(`integrity_check: ${String(integrity)}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) violations.push(`foreign_key_check: ${fk.length} rows`);

    const audit = new AuditLog(db, systemClock);
    const verdict = audit.verify();
    if (!verdict.ok) violations.push(`audit chain: ${JSON.stringify(verdict)}`);

    for (const [dir, isTemp] of [
      [path.join(o.dataDir, 'blobs'), (n: string) => n.startsWith(TEMP_PREFIX)],
      [path.join(o.dataDir, 'previews'), (n: string) => n.endsWith('.tmp')],
    ] as const) {
      const temps = fs.existsSync(dir) ? fs.readdirSync(dir).filter(isTemp) : [];
      if (o.afterRestart && temps.length)
        violations.push(`${temps.length} half-written files left in ${path.basename(dir)}`);
    }

    const pages = db
      .prepare<[], { sha256: string; size: number }>('SELECT sha256, size FROM acta_pages')
      .all();
    for (const p of pages) {
      const problem = o.blobs.check(p.sha256, p.size);
      if (problem) violations.push(problem);
    }

    const actas = new Map<number, ActaRecordRow>();
    for (const r of db
      .prepare<[], ActaDbRow>(
        `SELECT id, key_id, state, record_no, conflict_with, supersedes_acta, queued_at_utc, held,
           annulled_by, annul_reason FROM actas`,
      )
      .all())
      actas.set(r.id, {
        id: r.id,
        keyId: r.key_id,
        state: r.state,
        recordNo: r.record_no,
        conflictWith: r.conflict_with,
        supersedes: r.supersedes_acta,
        queued: r.queued_at_utc !== null,
        held: r.held === 1,
        annulledBy: r.annulled_by,
        annulReason: r.annul_reason,
      });
    violations.push(...confirmedWork(actas, o.confirmed, o.decisions ?? new Map()));

    const outbox = { pending: 0, delivered: 0, dead: 0, annulled: 0 };
    for (const r of db
      .prepare<[], { state: keyof typeof outbox; n: number }>(
        `SELECT CASE WHEN hold = 'annulled' AND state <> 'delivered' THEN 'annulled' ELSE state END AS state,
           count(*) AS n FROM outbox GROUP BY 1`,
      )
      .all())
      outbox[r.state] = r.n;
    const unreceipted = db
      .prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM outbox o WHERE o.state = 'delivered'
         AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.outbox_id = o.id)`,
      )
      .get()!.n;
    if (unreceipted) violations.push(`${unreceipted} outbox entries delivered without a receipt`);

    const entries = new Map<string, OutboxRow>();
    for (const r of db
      .prepare<[], OutboxRow & { idempotencyKey: string }>(
        'SELECT idempotency_key AS idempotencyKey, acta_id AS actaId, state, hold FROM outbox',
      )
      .all())
      entries.set(r.idempotencyKey, { actaId: r.actaId, state: r.state, hold: r.hold });

    const auditEntries = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_log').get()!.n;
    const snapshot = { actas, entries, outbox, auditEntries, pages: pages.length };
    // Read after the station's files: a record the central holds was in the outbox before it left.
    violations.push(...checkCentral(snapshot, o.central));
    return { violations, snapshot };
  } finally {
    db.close();
  }
}

/**
 * Nothing the operator was told went missing or backwards; an acta becomes anulada only by a
 * supervisor's decision (its answer may have been lost to a kill, so the row is the proof); every
 * resolution and annul the core confirmed is what the row says.
 */
export function confirmedWork(
  actas: ReadonlyMap<number, ActaRecordRow>,
  confirmed: ReadonlyMap<number, ActaState>,
  decisions: ReadonlyMap<number, readonly DecisionKind[]>,
): string[] {
  const violations: string[] = [];
  for (const [id, state] of confirmed) {
    const now = actas.get(id);
    if (!now) violations.push(`acta ${id} was confirmed ${state} and is gone`);
    else if (state === 'anulada' && now.state !== 'anulada')
      violations.push(`acta ${id} was confirmed anulada and is ${now.state}`);
    else if (now.state === 'anulada' && state !== 'anulada') {
      if (!now.annulledBy || !now.annulReason?.startsWith(DECISION_REASON))
        violations.push(`acta ${id} went from ${state} to anulada without a supervisor's decision`);
    } else if (STATE_RANK[now.state] < STATE_RANK[state])
      violations.push(`acta ${id} went back from ${state} to ${now.state}`);
  }
  for (const [id, kinds] of decisions) {
    const now = actas.get(id);
    if (!now) continue; // reported above: every decided acta was confirmed to the operator too
    for (const kind of kinds) {
      const lost = (what: string) => violations.push(`acta ${id}: the confirmed ${kind} was lost (${what})`);
      switch (kind) {
        case 'keep_existing':
        case 'annul':
          if (now.state !== 'anulada') lost(`it is ${now.state}`);
          break;
        case 'replace':
          if (now.state === 'en_conflicto' || now.supersedes === null || now.supersedes !== now.conflictWith)
            lost(`${now.state}, supersedes ${now.supersedes}`);
          break;
        case 'keep_both':
          if (now.state === 'en_conflicto' || now.supersedes !== null || now.recordNo < 2)
            lost(`${now.state}, record ${now.recordNo}`);
          break;
        case 'hold':
        case 'release':
          // A later hold or release may have been taken with its answer lost: checked at the end.
          break;
      }
    }
  }
  return violations;
}
