import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/db';
import { AuditLog, GENESIS_HASH } from '../../../electron/security/audit';
import { systemClock } from '../../../electron/platform/clock';

describe('audit log hash chain', () => {
  it('links each entry to the previous one and verifies end to end', () => {
    const db = openDatabase(':memory:');
    const audit = new AuditLog(db, systemClock);
    const a = audit.append('ana', 'login.ok', 'ana');
    const b = audit.append('ana', 'logout', 'ana', { why: 'fin de turno' });
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    expect(audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('cannot be edited or deleted through SQL', () => {
    const db = openDatabase(':memory:');
    const audit = new AuditLog(db, systemClock);
    audit.append('ana', 'login.ok', 'ana');
    expect(() => db.prepare("UPDATE audit_log SET actor = 'eve'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('names the first altered entry when someone edits the file underneath', () => {
    const db = openDatabase(':memory:');
    const audit = new AuditLog(db, systemClock);
    for (let i = 0; i < 5; i++) audit.append('ana', 'acta.test', `acta-${i}`, { i });
    // Someone with the database file drops the guard and rewrites history.
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET subject = 'acta-X' WHERE seq = 3").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
