// The short crash-consistency run of `npm test` (the long one is `npm run soak`): at least 50
// SIGKILLs of a working station — at random instants and at the named crash points — while an
// operator works and a supervisor resolves conflicts and holds, releases and annuls queued actas.
// After every restart the database, the audit chain, the images, the operator's confirmed work
// and the supervisor's confirmed decisions are intact, and the central lets stand per casilla what
// those decisions say; at the end every acta record that must count is acknowledged and counted
// exactly once at the central, and the watchdog raises no alarm.
import { expect, it } from 'vitest';
import { runCrashCampaign } from './crash-campaign';
import { CRASH_POINTS } from '../../electron/platform/crash-points';

const KILLS = Math.max(50, Number(process.env.CATD_CRASH_KILLS ?? 50));

it(`keeps every invariant across ${KILLS} SIGKILLs and drains the outbox`, async () => {
  const report = await runCrashCampaign({ kills: KILLS });
  expect(report.violations).toEqual([]);
  expect(report.kills).toBeGreaterThanOrEqual(KILLS);
  // The kills really did land inside the work, not only between steps.
  const named = CRASH_POINTS.filter((p) => report.byPoint[p] > 0);
  expect(named.length).toBeGreaterThanOrEqual(4);
  expect(report.byPoint.timer).toBeGreaterThan(0);
  expect(report.driver.received).toBeGreaterThan(5);
  // The supervisor really decided, conflicts among it (the rest of the decisions are seeded draws).
  const d = report.decisions;
  expect(report.driver.conflicts).toBeGreaterThan(0);
  expect(d.replace + d.keep_both + d.keep_existing).toBeGreaterThan(0);
  // Nothing lost, nothing counted twice, nothing left behind.
  expect(report.final!.outbox).toMatchObject({ pending: 0, dead: 0 });
  expect(report.actasAcknowledged).toBe(report.end.mustCount);
  expect(report.centralDeliveries).toBe(report.end.mustCount + report.end.annulledCounted);
  expect(report.alarms).toBe(0);
}, 900_000);
