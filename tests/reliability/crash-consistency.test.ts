// The short crash-consistency run of `npm test` (the long one is `npm run soak`): at least 50
// SIGKILLs of a working station — at random instants and at the named crash points — and after
// every restart the database, the audit chain, the images and the operator's confirmed work are
// intact; at the end every acta is acknowledged and counted exactly once at the central.
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
  // Nothing lost, nothing counted twice, nothing left behind.
  expect(report.final!.outbox).toMatchObject({ pending: 0, dead: 0 });
  expect(report.actasAcknowledged).toBe(report.final!.actas.size);
  expect(report.centralDeliveries).toBe(report.final!.actas.size);
}, 900_000);
