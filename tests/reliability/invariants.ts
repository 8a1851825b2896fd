// What must hold after every restart, read straight from the station's files (never through the
// core, which could hide a problem): the database is sound, the audit chain verifies, every image
// row has its whole file with the right hash, nothing the operator was told is stored went
// missing or backwards, and the central never counted an acta twice.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabaseReadOnly } from '../../electron/store/db';
import { AuditLog } from '../../electron/security/audit';
import { TEMP_PREFIX } from '../../electron/capture/store';
import { sha256Hex } from '../../electron/platform/hash';
import { systemClock } from '../../electron/platform/clock';
import type { ActaState } from '../../shared/workflow';
import { STATE_RANK } from './operator-driver';

export interface CentralView {
  delivered(): Array<{ actaKey: string; manifestSha256: string }>;
}

export interface StationSnapshot {
  actas: Map<string, { state: ActaState; id: number }>;
  outbox: { pending: number; delivered: number; dead: number };
  auditEntries: number;
  pages: number;
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
  confirmed: ReadonlyMap<string, ActaState>;
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

    const actas = new Map<string, { state: ActaState; id: number }>();
    for (const r of db
      .prepare<[], { id: number; key_id: string; state: ActaState }>('SELECT id, key_id, state FROM actas')
      .all()) {
      if (actas.has(r.key_id)) violations.push(`two actas with key ${r.key_id}`);
      actas.set(r.key_id, { state: r.state, id: r.id });
    }
    for (const [key, state] of o.confirmed) {
      const now = actas.get(key);
      if (!now) violations.push(`acta ${key} was confirmed ${state} and is gone`);
      else if (STATE_RANK[now.state] < STATE_RANK[state])
        violations.push(`acta ${key} went back from ${state} to ${now.state}`);
    }

    const outbox = { pending: 0, delivered: 0, dead: 0 };
    for (const r of db
      .prepare<[], { state: keyof typeof outbox; n: number }>(
        'SELECT state, count(*) AS n FROM outbox GROUP BY state',
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

    const perKey = new Map<string, number>();
    for (const d of o.central.delivered()) perKey.set(d.actaKey, (perKey.get(d.actaKey) ?? 0) + 1);
    for (const [key, n] of perKey) if (n > 1) violations.push(`the central counted acta ${key} ${n} times`);

    const auditEntries = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_log').get()!.n;
    return { violations, snapshot: { actas, outbox, auditEntries, pages: pages.length } };
  } finally {
    db.close();
  }
}
