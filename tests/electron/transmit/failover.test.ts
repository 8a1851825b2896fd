// Two intake processes (primary and backup) in front of one central store: the primary is
// killed with SIGKILL in the middle of uploads, then comes back. Every acta must arrive exactly
// once (counted by key and manifest hash), none may stay behind, the station must move to the
// backup within 3 s and go back to the primary only after it has been healthy for a while.
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';
import { startIntakeServer } from '../../../central/server';
import { CentralStore, MANIFEST_LEASE_MS } from '../../../central/store';
import { IN_FLIGHT_RETRY_MS } from '../../../electron/transmit/transmitter';
import { centralCounts, makeActa, openStationSide, spawnIntake, startTransmitter } from './fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('fails over within 3 s when the primary dies mid-upload, fails back later, and counts each acta once', async () => {
  const centralDir = tempDir('catd-central-');
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const primary = await spawnIntake(centralDir);
  cleanups.push(() => primary.kill());
  const backup = await startIntakeServer({ ports: [0], dataDir: centralDir });
  cleanups.push(() => backup.close());
  const N = 40;
  for (let i = 0; i < N; i++)
    expect(station.outbox.enqueue(makeActa(station.dataDir, i, 96 * 1024)).ok).toBe(true);

  // Small chunks: each image takes several requests, so the kill lands inside an upload.
  const { tx, events } = startTransmitter(
    station,
    { primary: primary.url, backup: backup.urls[0]! },
    { chunkBytes: 16 * 1024 },
  );
  cleanups.push(() => tx.stop());
  await expect
    .poll(() => events.filter((e) => e.type === 'delivered').length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(5);
  expect(tx.activeLink()).toBe('primario');

  const killedAt = Date.now();
  await primary.kill();
  await expect.poll(() => tx.activeLink(), { timeout: 3_000, interval: 20 }).toBe('respaldo');
  const sw = events.find((e) => e.type === 'switch' && e.to === 'respaldo')!;
  expect(sw.atMs - killedAt).toBeLessThan(3_000);
  await expect
    .poll(() => events.some((e) => e.type === 'delivered' && e.link === 'respaldo'), { timeout: 3_000 })
    .toBe(true);
  const firstOnBackup = events.find((e) => e.type === 'delivered' && e.link === 'respaldo')!;
  expect(firstOnBackup.atMs - killedAt).toBeLessThan(3_000);

  // The primary comes back on the same port: the station returns to it only after it has been
  // healthy for failbackAfterMs (1.5 s here).
  const again = await spawnIntake(centralDir, { port: primary.port });
  cleanups.push(() => again.kill());
  const backAt = Date.now();
  await expect.poll(() => tx.activeLink(), { timeout: 10_000 }).toBe('primario');
  expect(Date.now() - backAt).toBeGreaterThanOrEqual(1_500);

  // A manifest that was in flight on the killed primary keeps the central's lease until it expires
  // (the central cannot know the dead process will not commit it): that acta may wait that long.
  await expect
    .poll(() => station.outbox.counts(), { timeout: MANIFEST_LEASE_MS + IN_FLIGHT_RETRY_MS + 20_000 })
    .toEqual({ pending: 0, dead: 0, delivered: N });
  const central = await CentralStore.open(centralDir);
  cleanups.push(() => central.close());
  const counts = centralCounts(await central.delivered());
  expect(counts.size).toBe(N);
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
  for (const e of station.outbox.list('delivered')) expect(station.outbox.receiptOf(e.id)).not.toBeNull();
  const switches = [...station.audit.entries()]
    .filter((a) => a.action === 'link.switch')
    .map((a) => a.details.to);
  expect(switches).toEqual(['respaldo', 'primario']);
  expect(station.audit.verify().ok).toBe(true);
}, 120_000);
