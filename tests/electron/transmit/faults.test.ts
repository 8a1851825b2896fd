// The primary misbehaves the ways real links and proxies do, while actas are moving: it hangs,
// trickles, resets mid-body, answers 5xx, turns into a captive portal, commits but answers with
// an unsigned or wrongly signed receipt, or loses the reply. The station must move to the backup
// within 3 s, and the central must end with every acta exactly once.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INTAKE_FAULTS, startIntakeServer, type IntakeFault } from '../../../central/server';
import { centralCounts, makeActa, openStationSide, startTransmitter } from './fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// Own temp folders, not tests/helpers/temp: that one empties every folder after each test, and
// these tests run concurrently.
async function world(n: number) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-faults-'));
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  const centralDir = path.join(root, 'central');
  const station = openStationSide(path.join(root, 'station'), centralDir);
  const primary = await startIntakeServer({ ports: [0], dataDir: centralDir });
  const backup = await startIntakeServer({ ports: [0], dataDir: centralDir });
  for (let i = 0; i < n; i++) station.outbox.enqueue(makeActa(station.dataDir, i, 48 * 1024));
  return { centralDir, station, primary, backup };
}

/** Every fault the central can play (a new one is covered here without editing this list). */
const FAULTS: IntakeFault[] = INTAKE_FAULTS.filter((f) => f !== 'none');

describe('primary link faults', () => {
  // One at a time: nine stations, eighteen centrals and their signatures in one event loop measure
  // the loop's lag, not the failover time.
  it.for(FAULTS)('%s: failover within 3 s, every acta exactly once', async (fault, { expect }) => {
    const N = 20;
    const { station, primary, backup } = await world(N);
    const { tx, events } = startTransmitter(
      station,
      { primary: primary.urls[0]!, backup: backup.urls[0]! },
      { chunkBytes: 16 * 1024, failbackAfterMs: 60_000 },
    );
    try {
      await expect
        .poll(() => events.filter((e) => e.type === 'delivered').length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(3);
      const faultAt = Date.now();
      primary.setFault(fault);
      await expect.poll(() => tx.activeLink(), { timeout: 3_000, interval: 20 }).toBe('respaldo');
      const sw = events.find((e) => e.type === 'switch' && e.to === 'respaldo')!;
      expect(sw.atMs - faultAt).toBeLessThan(3_000);
      await expect
        .poll(() => station.outbox.counts(), { timeout: 15_000 })
        .toEqual({ pending: 0, dead: 0, delivered: N });
      const counts = centralCounts(await backup.store.delivered());
      expect(counts.size).toBe(N);
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
      // Nothing a misbehaving answer said was taken for a receipt: every stored one verifies.
      expect(station.audit.verify().ok).toBe(true);
    } finally {
      await tx.stop();
      await primary.close();
      await backup.close();
      station.close();
    }
  });

  it('does not flap while the primary flaps, and still delivers each acta once', async () => {
    const N = 30;
    const { station, primary, backup } = await world(N);
    const { tx, events } = startTransmitter(
      station,
      { primary: primary.urls[0]!, backup: backup.urls[0]! },
      { chunkBytes: 16 * 1024 },
    );
    cleanups.unshift(async () => {
      await tx.stop();
      await primary.close();
      await backup.close();
      station.close();
    });
    await expect
      .poll(() => events.filter((e) => e.type === 'delivered').length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    // Healthy spells that really lasted the 1.5 s of steady health the selector waits for: on a
    // loaded machine a 250 ms timer can fire seconds late, and going back then is right.
    let longHealthySpells = 0;
    for (let i = 0; i < 12; i++) {
      primary.setFault(i % 2 === 0 ? 'refuse' : 'none');
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, 250));
      if (i % 2 === 1 && performance.now() - t0 >= 1_500) longHealthySpells++;
    }
    primary.setFault('none');
    // Down once, back once (after 1.5 s of steady health): never a switch per flap.
    await expect
      .poll(() => station.outbox.counts(), { timeout: 15_000 })
      .toEqual({ pending: 0, dead: 0, delivered: N });
    // The first 'switch' is the transmitter starting on the primary, not a change of link.
    const switches = events.filter((e) => e.type === 'switch' && e.reason !== 'start');
    expect(switches.length).toBeLessThanOrEqual(2 + 2 * longHealthySpells);
    const counts = centralCounts(await backup.store.delivered());
    expect(counts.size).toBe(N);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });
});
