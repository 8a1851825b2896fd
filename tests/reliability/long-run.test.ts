// The short long run of `npm test` (`npm run soak` runs it for as long as asked): a station at
// work for 3 min through primary-link drops, scanner unplugs and UPS cable pulls. Memory, open
// files and event-loop delay level off; the work goes on; the outbox drains; the curves are drawn.
// Growth is judged over the last 90 s only: on Node 24, where this runs, the core's RSS climbs steeply
// for about two minutes (growth.ts), and a 90-s run judged its warm-up as a leak.
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { runLongRun } from './long-run';

it('works through link drops and device unplugs without growing, and draws its curves', async () => {
  const report = await runLongRun({
    durationMs: 180_000,
    warmUpMs: 90_000,
    sampleMs: 1_000,
    outDir: 'test-results/long-run',
    faults: {
      linkEveryMs: 20_000,
      linkDownMs: 5_000,
      scannerEveryMs: 25_000,
      scannerOffMs: 4_000,
      upsEveryMs: 30_000,
      upsOffMs: 5_000,
    },
  });
  expect(report.violations).toEqual([]);
  expect(report.growth.every((g) => g.bounded)).toBe(true);
  // The faults did happen, and the operator saw the unplugged scanner as a refusal, not a hang.
  for (const kind of ['link', 'scanner', 'ups'] as const)
    expect(report.faults.filter((f) => f.kind === kind).length).toBeGreaterThanOrEqual(2);
  expect([...report.refusalReasons.keys()].some((k) => k.startsWith('scanner.error.disconnected'))).toBe(
    true,
  );
  // Work went on around them, and every acta ended acknowledged.
  expect(report.acknowledged).toBeGreaterThanOrEqual(10);
  expect(report.acknowledged).toBe(report.actas);
  expect(fs.statSync(report.pngFile).size).toBeGreaterThan(10_000);
}, 720_000);
