// A station whose clock is 10 minutes behind the central's, against the reference intake on
// 127.0.0.1 (its clock skewed by +10 min): the station measures the offset within the round trip,
// the status bar warns the operator, and the heartbeat tells the central the offset it measured.
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';
import { startIntakeServer } from '../../../central/server';
import { openStationSide, startTransmitter, STATION_ID } from './fixtures';
import { openDatabase } from '../../../electron/store/db';
import { AuditLog } from '../../../electron/security/audit';
import { ShiftedSystemClock } from '../../../electron/platform/clock';
import { ClockJumpWatch } from '../../../electron/station/clock-watch';
import { StationClockStatus } from '../../../electron/station/clock-status';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { translate } from '../../../shared/messages/translate';

const TEN_MIN_MS = 10 * 60_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('measures a 10-minute offset to the central within the round trip, warns, and reports it', async () => {
  const centralDir = tempDir('catd-central-');
  const central = await startIntakeServer({ ports: [0], dataDir: centralDir, clockSkewMs: TEN_MIN_MS });
  cleanups.push(() => central.close());
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const { tx } = startTransmitter(station, { primary: central.urls[0]!, backup: central.urls[0]! });
  cleanups.push(() => tx.stop());

  const db = openDatabase(':memory:');
  cleanups.push(() => void db.close());
  const clock = new ShiftedSystemClock();
  const watch = new ClockJumpWatch({ clock, db, audit: new AuditLog(db, clock), log: createMemoryLogger() });
  const status = new StationClockStatus(clock, watch, tx.clockOffset);
  cleanups.push(() => status.close());
  expect(status.current()).toMatchObject({ health: 'unknown', offsetMs: null });

  // The probes carry the central's time back.
  await expect.poll(() => tx.clockOffset.latest(), { timeout: 5_000 }).not.toBeNull();
  const m = tx.clockOffset.latest()!;
  // Half the round trip, rounded up (the round trip itself is shown rounded to the ms).
  expect(m.uncertaintyMs).toBeGreaterThanOrEqual(Math.floor(m.roundTripMs / 2));
  expect(m.uncertaintyMs).toBeLessThanOrEqual(Math.ceil((m.roundTripMs + 1) / 2));
  expect(Math.abs(m.offsetMs - TEN_MIN_MS)).toBeLessThanOrEqual(m.uncertaintyMs + 1);
  expect(m.roundTripMs).toBeLessThan(1_000);

  const s = status.current();
  expect(s.health).toBe('warning');
  expect(s.message).toBe('clock.warning.offset');
  expect(translate(s.message!, { minutes: 10 })).toContain('supervisor');

  // The central learns the measured offset from the heartbeat, so it can correct this station's times.
  expect(await tx.sendHeartbeat()).toBe(true);
  const reported = await central.store.stationClock(STATION_ID);
  expect(reported).not.toBeNull();
  expect(Math.abs(reported!.offsetMs - TEN_MIN_MS)).toBeLessThanOrEqual(reported!.uncertaintyMs + 1);
  // ... and the heartbeat answer measured it once more.
  expect(Math.abs(tx.clockOffset.latest()!.offsetMs - TEN_MIN_MS)).toBeLessThan(1_000);

  // The operator fixes the clock: the next exchanges see no offset and the warning goes.
  central.setClockSkew(0);
  await expect.poll(() => status.current().health, { timeout: 5_000 }).toBe('ok');
  expect(Math.abs(status.current().offsetMs!)).toBeLessThan(1_000);
});
