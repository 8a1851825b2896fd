// The station's wall clock jumps (an operator sets the time, NTP steps it): the jump is audited
// with its delta, the audit chain keeps its order and stays valid, and durations — a lockout, a
// supervisor's elevation — run on the monotonic clock, so the jump neither stretches nor cuts them.
import { expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/db';
import { AuditLog } from '../../../electron/security/audit';
import { OperatorStore, LOCKOUT_MS, MAX_FAILED_LOGINS } from '../../../electron/security/operators';
import { actingSupervisor, elevate, ELEVATION_TTL_MS } from '../../../electron/security/elevation';
import type { BrowserSession } from '../../../electron/security/sessions';
import { ManualClock } from '../../../electron/platform/clock';
import { ClockJumpWatch, CLOCK_JUMP_THRESHOLD_MS } from '../../../electron/station/clock-watch';
import { StationClockStatus } from '../../../electron/station/clock-status';
import { ClockOffsetMeter } from '../../../electron/transmit/clock-offset';
import { createMemoryLogger } from '../../../electron/platform/logger';

const HOUR_MS = 3_600_000;

function station() {
  const clock = new ManualClock('2024-06-02T20:00:00.000Z');
  const db = openDatabase(':memory:');
  const audit = new AuditLog(db, clock);
  const log = createMemoryLogger();
  const watch = new ClockJumpWatch({ clock, db, audit, log });
  const ops = new OperatorStore(db, clock);
  ops.create({ id: 'op1', name: 'Ana', role: 'operador', pin: '123456' }, 'test');
  ops.create({ id: 'sup1', name: 'Luis', role: 'supervisor', pin: '654321' }, 'test');
  return { clock, db, audit, log, watch, ops };
}

function lockOut(ops: OperatorStore, id: string): void {
  for (let i = 0; i < MAX_FAILED_LOGINS; i++) ops.login(id, '000000');
  expect(ops.login(id, id === 'op1' ? '123456' : '654321').ok).toBe(false);
}

it('audits a backward jump of an hour with its delta; the chain keeps its order and stays valid', () => {
  const s = station();
  s.clock.advance(5_000);
  expect(s.watch.check()).toBeNull(); // time passing is not a jump
  s.audit.append('op1', 'acta.received', 'A1');
  s.clock.advance(1_000);
  s.clock.jumpWall(-HOUR_MS);
  s.clock.advance(4_000);
  const jump = s.watch.check();
  expect(jump).toMatchObject({
    from: '2024-06-02T20:00:10.000Z',
    to: '2024-06-02T19:00:10.000Z',
    deltaMs: -HOUR_MS,
  });
  s.audit.append('op1', 'acta.received', 'A2');

  const entries = [...s.audit.entries()];
  const actions = entries.map((e) => e.action);
  expect(actions.slice(-3)).toEqual(['acta.received', 'clock.jump', 'acta.received']);
  const audited = entries.find((e) => e.action === 'clock.jump')!;
  expect(audited.details).toEqual({ from: jump!.from, to: jump!.to, deltaMs: -HOUR_MS });
  // A2 carries an earlier wall time than A1, yet comes after it: order is the sequence, not the time.
  const [a1, a2] = entries.filter((e) => e.subject === 'A1' || e.subject === 'A2');
  expect(a2!.atUtc < a1!.atUtc).toBe(true);
  expect(a2!.seq).toBeGreaterThan(a1!.seq);
  expect(s.audit.verify()).toEqual({ ok: true, entries: entries.length });
  expect(s.log.lines.some((l) => l.event === 'clock-jump' && l.deltaMs === -HOUR_MS)).toBe(true);
});

it('only a difference above the threshold is a jump, either way', () => {
  const s = station();
  s.clock.advance(5_000);
  s.clock.jumpWall(CLOCK_JUMP_THRESHOLD_MS - 500);
  expect(s.watch.check()).toBeNull();
  s.clock.jumpWall(CLOCK_JUMP_THRESHOLD_MS + 500);
  expect(s.watch.check()?.deltaMs).toBe(CLOCK_JUMP_THRESHOLD_MS + 500);
});

it('a backward jump does not extend a lockout; a forward jump does not end it', () => {
  const s = station();
  lockOut(s.ops, 'op1');
  s.clock.jumpWall(-HOUR_MS);
  s.clock.advance(LOCKOUT_MS - 1_000);
  expect(s.ops.login('op1', '123456')).toMatchObject({ ok: false, code: 'locked' });
  s.clock.advance(2_000);
  expect(s.ops.login('op1', '123456').ok).toBe(true); // 5 real minutes, whatever the wall says

  lockOut(s.ops, 'op1');
  s.clock.jumpWall(+HOUR_MS);
  const r = s.ops.login('op1', '123456');
  expect(r).toMatchObject({ ok: false, code: 'locked' });
  // The time shown to the operator is when it really ends on the (new) wall clock.
  if (!r.ok && r.code === 'locked')
    expect(Date.parse(r.until) - s.clock.now().getTime()).toBeLessThanOrEqual(LOCKOUT_MS);
});

it('a lockout found after a restart behind a clock set back lasts at most LOCKOUT_MS', () => {
  const s = station();
  lockOut(s.ops, 'op1');
  // A new process (no monotonic memory), its wall clock an hour behind the stored locked_until.
  s.clock.jumpWall(-HOUR_MS);
  const restarted = new OperatorStore(s.db, s.clock);
  expect(restarted.login('op1', '123456')).toMatchObject({ ok: false, code: 'locked' });
  s.clock.advance(LOCKOUT_MS + 1_000);
  expect(restarted.login('op1', '123456').ok).toBe(true);
});

it('an elevation lasts ELEVATION_TTL_MS of real time through jumps either way', () => {
  const s = station();
  const session = {
    operator: { id: 'op1', name: 'Ana', role: 'operador' },
    elevation: null,
  } as BrowserSession;
  elevate(s.ops, session, 'sup1', '654321', s.clock.monotonicMs());
  s.clock.jumpWall(+HOUR_MS); // forward: must not expire it at once
  expect(actingSupervisor(session, s.clock.monotonicMs())?.id).toBe('sup1');
  s.clock.jumpWall(-2 * HOUR_MS); // backward: must not stretch it
  s.clock.advance(ELEVATION_TTL_MS + 1);
  expect(actingSupervisor(session, s.clock.monotonicMs())).toBeNull();
});

it('shows a jump on the status bar and drops the offset it made stale', () => {
  const s = station();
  const meter = new ClockOffsetMeter();
  const status = new StationClockStatus(s.clock, s.watch, meter);
  meter.record({
    offsetMs: 1_000,
    uncertaintyMs: 5,
    roundTripMs: 10,
    measuredAt: s.clock.now().toISOString(),
    link: 'primario',
  });
  expect(status.current()).toMatchObject({ health: 'ok', offsetMs: 1_000, lastJump: null });
  s.clock.jumpWall(-HOUR_MS);
  s.watch.check();
  expect(status.current()).toMatchObject({
    health: 'warning',
    message: 'clock.warning.jumped',
    offsetMs: null,
    lastJump: { deltaMs: -HOUR_MS },
  });
  status.close();
});
