// Tampering with the audit chain, as someone holding the database file would: every way is
// caught and the first bad entry is named, by `catd audit verify` and in signed exports.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/db';
import { AuditLog } from '../../../electron/security/audit';
import { exportAudit, verifyAuditExport } from '../../../electron/security/audit-export';
import { loadOrCreateStationKey } from '../../../electron/security/station-key';
import { systemClock } from '../../../electron/platform/clock';
import { tempDir } from '../../helpers/temp';

function station(entries = 6) {
  const dataDir = tempDir();
  const db = openDatabase(path.join(dataDir, 'catd.sqlite'));
  const audit = new AuditLog(db, systemClock);
  for (let i = 1; i <= entries; i++) audit.append('ana', 'acta.test', `acta-${i}`, { i });
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  return { dataDir, db, audit };
}

function cliVerify(dataDir: string) {
  const r = spawnSync(process.execPath, ['bin/catd.mjs', 'audit', 'verify', '--data', dataDir], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('audit chain tampering', () => {
  it('an intact chain verifies from the command line', () => {
    const { dataDir, db } = station();
    db.close();
    const r = cliVerify(dataDir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Bitácora íntegra: 6 entradas');
  });

  it('an edited entry is named', () => {
    const { dataDir, db } = station();
    db.prepare('UPDATE audit_log SET details = \'{"i":99}\' WHERE seq = 4').run();
    db.close();
    const r = cliVerify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('primera entrada mala 4');
  });

  it('a deleted entry is named by the gap it leaves', () => {
    const { audit, db } = station();
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('reordered entries are caught', () => {
    const { audit, db } = station();
    // Swap the contents of 2 and 5 keeping the sequence numbers.
    const row = (seq: number) =>
      db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Record<string, unknown>;
    const a = row(2);
    const b = row(5);
    const put = db.prepare(
      'UPDATE audit_log SET subject = ?, details = ?, prev_hash = ?, hash = ? WHERE seq = ?',
    );
    db.prepare("UPDATE audit_log SET hash = 'x' || seq WHERE seq IN (2, 5)").run();
    put.run(b.subject, b.details, b.prev_hash, b.hash, 2);
    put.run(a.subject, a.details, a.prev_hash, a.hash, 5);
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('an entry whose actor was changed is named', () => {
    const { audit, db } = station();
    db.prepare("UPDATE audit_log SET actor = 'eve' WHERE seq = 2").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });
});

describe('signed audit export', () => {
  it('verifies away from the station, and refuses an edited, truncated or re-signed copy', () => {
    const { dataDir, audit } = station(5);
    const key = loadOrCreateStationKey(dataDir);
    const file = path.join(tempDir(), 'bitacora.jsonl');
    expect(exportAudit(audit, key, file).entries).toBe(5);
    expect(verifyAuditExport(file, key.publicKeyPem)).toMatchObject({ ok: true, entries: 5 });

    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('acta-3', 'acta-9'));
    expect(verifyAuditExport(file, key.publicKeyPem)).toMatchObject({ ok: false });

    const lines = original.trimEnd().split('\n');
    fs.writeFileSync(file, lines.slice(0, 3).join('\n') + '\n'); // tail cut off
    expect(verifyAuditExport(file, key.publicKeyPem).ok).toBe(false);

    // Someone re-signs a forged file with their own key: checking against the station's key fails.
    const forger = loadOrCreateStationKey(tempDir());
    fs.writeFileSync(file, original);
    const forged = path.join(tempDir(), 'forged.jsonl');
    exportAudit(audit, forger, forged);
    expect(verifyAuditExport(forged, key.publicKeyPem)).toMatchObject({ ok: false });
  });

  it('keeps the private key readable by its owner only', () => {
    const dataDir = tempDir();
    loadOrCreateStationKey(dataDir);
    const mode = fs.statSync(path.join(dataDir, 'keys', 'station-ed25519.key')).mode & 0o777;
    expect(mode).toBe(0o600);
  });
});
