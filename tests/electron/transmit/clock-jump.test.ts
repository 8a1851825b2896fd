// The station's clock is set back an hour while an acta waits for a retry against the real
// intake: the retry and the link's circuit run on real time, so the acta goes as soon as the
// central answers again instead of sitting out the hour; the audit chain stays valid and ordered.
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';
import { startIntakeServer } from '../../../central/server';
import { ShiftedSystemClock } from '../../../electron/platform/clock';
import { makeActa, openStationSide, startTransmitter } from './fixtures';

const HOUR_MS = 3_600_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

for (const jumpMs of [-HOUR_MS, +HOUR_MS]) {
  it(`keeps retrying on time when the wall clock jumps ${jumpMs > 0 ? 'forward' : 'back'} an hour`, async () => {
    const clock = new ShiftedSystemClock();
    const centralDir = tempDir('catd-central-');
    const central = await startIntakeServer({ ports: [0], dataDir: centralDir, fault: 'refuse' });
    cleanups.push(() => central.close());
    const station = openStationSide(tempDir('catd-station-'), centralDir, clock);
    cleanups.push(() => station.close());
    station.outbox.enqueue(makeActa(station.dataDir, 1, 8 * 1024));
    const url = central.urls[0]!;
    const { tx, events } = startTransmitter(
      station,
      { primary: url, backup: url },
      { failbackAfterMs: 0 },
      clock,
    );
    cleanups.push(() => tx.stop());

    // Both links fail: the acta has a retry scheduled and the circuits are open.
    await expect
      .poll(() => events.filter((e) => e.type === 'failed').length, { timeout: 5_000 })
      .toBeGreaterThan(0);
    station.audit.append('op1', 'before.jump', 'x');
    clock.jumpWall(jumpMs);
    central.setFault('none');

    const t0 = performance.now();
    await expect.poll(() => station.outbox.counts().delivered, { timeout: 10_000 }).toBe(1);
    const waitedMs = performance.now() - t0;
    // The circuits' longest first waits and the probe interval, not the hour.
    expect(waitedMs).toBeLessThan(5_000);

    station.audit.append('op1', 'after.jump', 'x');
    const entries = [...station.audit.entries()];
    expect(station.audit.verify()).toEqual({ ok: true, entries: entries.length });
    const seqOf = (a: string) => entries.find((e) => e.action === a)!.seq;
    expect(seqOf('after.jump')).toBeGreaterThan(seqOf('acta.delivered'));
    expect(seqOf('acta.delivered')).toBeGreaterThan(seqOf('before.jump'));
  });
}
