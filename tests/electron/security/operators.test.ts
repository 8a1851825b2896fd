import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/db';
import { OperatorStore, MAX_FAILED_LOGINS, LOCKOUT_MS } from '../../../electron/security/operators';
import { AuditLog } from '../../../electron/security/audit';
import type { Clock } from '../../../electron/platform/clock';
import { MIGRATIONS } from '../../../electron/store/migrations';
import { hashPin } from '../../../electron/security/pin';
import { tempDir } from '../../helpers/temp';

function fixture() {
  let now = new Date('2026-06-07T20:00:00Z');
  const clock: Clock = { now: () => now, monotonicMs: () => now.getTime(), utcOffsetMinutes: () => -360 };
  const db = openDatabase(':memory:');
  return {
    db,
    ops: new OperatorStore(db, clock),
    audit: new AuditLog(db, clock),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

describe('operators', () => {
  it('creates the demo accounts once, with random 6-digit PINs that work', () => {
    const { ops } = fixture();
    const demo = ops.ensureDemoAccounts();
    expect(demo?.map((d) => d.role)).toEqual(['operador', 'supervisor']);
    for (const d of demo!) {
      expect(d.pin).toMatch(/^\d{6}$/);
      expect(ops.login(d.id, d.pin)).toMatchObject({ ok: true, operator: { id: d.id, role: d.role } });
    }
    expect(ops.ensureDemoAccounts()).toBeNull();
  });

  it('never stores the PIN itself', () => {
    const { db, ops } = fixture();
    ops.create({ id: 'ana', name: 'Ana', role: 'operador', pin: '482913' }, 'test');
    const row = db.prepare('SELECT * FROM operators WHERE id = ?').get('ana');
    expect(JSON.stringify(row)).not.toContain('482913');
  });

  it('answers an unknown id exactly like a wrong PIN', () => {
    const { ops } = fixture();
    ops.create({ id: 'ana', name: 'Ana', role: 'operador', pin: '482913' }, 'test');
    expect(ops.login('nadie', '482913')).toEqual({ ok: false, code: 'bad_credentials' });
    expect(ops.login('ana', '000000')).toEqual({ ok: false, code: 'bad_credentials' });
  });

  it(`locks after ${MAX_FAILED_LOGINS} wrong PINs, even for the right PIN, until the lockout ends`, () => {
    const { ops, audit, advance } = fixture();
    ops.create({ id: 'ana', name: 'Ana', role: 'operador', pin: '482913' }, 'test');
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect(ops.login('ana', '000000').ok).toBe(false);
    expect(ops.login('ana', '000000')).toMatchObject({ ok: false, code: 'locked' });
    expect(ops.login('ana', '482913')).toMatchObject({ ok: false, code: 'locked' });
    advance(LOCKOUT_MS + 1);
    expect(ops.login('ana', '482913').ok).toBe(true);
    const actions = [...audit.entries()].map((e) => e.action);
    expect(actions).toContain('login.locked');
    expect(audit.verify().ok).toBe(true);
  });
});

describe('unknown ids and elevation', () => {
  it('locks an unknown id like a known one, and a new process still finds both lockouts', () => {
    const { db, ops, advance } = fixture();
    ops.create({ id: 'ana', name: 'Ana', role: 'operador', pin: '482913' }, 'test');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      ops.login('ana', '000000');
      ops.login('nadie', '000000');
    }
    const clock: Clock = {
      now: () => new Date('2026-06-07T20:01:00Z'),
      monotonicMs: () => 0,
      utcOffsetMinutes: () => -360,
    };
    const restarted = new OperatorStore(db, clock);
    expect(restarted.login('ana', '482913')).toMatchObject({ ok: false, code: 'locked' });
    expect(restarted.login('nadie', '482913')).toMatchObject({ ok: false, code: 'locked' });
    advance(LOCKOUT_MS + 1);
    expect(ops.login('ana', '482913').ok).toBe(true);
  });

  it('counts elevation failures apart from sign-in failures, and keeps them across a restart', () => {
    const { db, ops } = fixture();
    ops.create({ id: 'luis', name: 'Luis', role: 'supervisor', pin: '654321' }, 'test');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) ops.elevate('luis', '000000');
    expect(ops.elevate('luis', '654321')).toMatchObject({ ok: false, code: 'locked' });
    expect(ops.login('luis', '654321').ok).toBe(true);
    const clock: Clock = {
      now: () => new Date('2026-06-07T20:01:00Z'),
      monotonicMs: () => 0,
      utcOffsetMinutes: () => -360,
    };
    expect(new OperatorStore(db, clock).elevate('luis', '654321')).toMatchObject({
      ok: false,
      code: 'locked',
    });
  });
});

it('keeps a sign-in lockout that was running when the station is upgraded (migration 6)', () => {
  const file = path.join(tempDir(), 'catd.sqlite');
  const before = openDatabase(file, MIGRATIONS.slice(0, 4));
  const { hash, salt } = hashPin('482913');
  before
    .prepare(
      `INSERT INTO operators (id, name, role, pin_hash, pin_salt, failed_attempts, locked_until, created_at)
       VALUES ('ana', 'Ana', 'operador', ?, ?, 0, '2026-06-07T20:04:00.000Z', '2026-06-01T00:00:00.000Z')`,
    )
    .run(hash, salt);
  before.close();
  const at = new Date('2026-06-07T20:00:00Z');
  const clock: Clock = { now: () => at, monotonicMs: () => 0, utcOffsetMinutes: () => -360 };
  const ops = new OperatorStore(openDatabase(file), clock);
  expect(ops.login('ana', '482913')).toMatchObject({ ok: false, code: 'locked' });
  expect(ops.list()[0]).toMatchObject({ id: 'ana', lockedUntil: '2026-06-07T20:04:00.000Z' });
});
