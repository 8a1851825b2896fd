// The supervisor's transmission controls on a real transmitter and two real intake endpoints:
// a pause holds everything back (nothing is lost), a preferred link carries the traffic while it
// works, and back to priority order afterwards.
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';
import { startIntakeServer } from '../../../central/server';
import { makeActa, openStationSide, startTransmitter } from './fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('pauses and resumes sending, and follows a preferred link', async () => {
  const centralDir = tempDir('catd-central-');
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const primary = await startIntakeServer({ ports: [0], dataDir: centralDir });
  cleanups.push(() => primary.close());
  const backup = await startIntakeServer({ ports: [0], dataDir: centralDir });
  cleanups.push(() => backup.close());
  const { tx, events } = startTransmitter(station, { primary: primary.urls[0]!, backup: backup.urls[0]! });
  cleanups.push(() => tx.stop());
  await expect.poll(() => tx.activeLink()).toBe('primario');

  tx.pause();
  for (let i = 0; i < 5; i++) station.outbox.enqueue(makeActa(station.dataDir, i, 8 * 1024));
  tx.wake();
  await new Promise((r) => setTimeout(r, 1_000));
  expect(station.outbox.counts()).toEqual({ pending: 5, dead: 0, delivered: 0 });

  expect(tx.prefer('no-existe')).toBe(false);
  expect(tx.prefer('respaldo')).toBe(true);
  expect(tx.activeLink()).toBe('respaldo');
  tx.resume();
  await expect.poll(() => station.outbox.counts().delivered, { timeout: 10_000 }).toBe(5);
  const delivered = events.filter((e) => e.type === 'delivered');
  expect(delivered.every((e) => e.type === 'delivered' && e.link === 'respaldo')).toBe(true);

  expect(tx.prefer(null)).toBe(true);
  expect(tx.activeLink()).toBe('primario');
  const switches = [...station.audit.entries()]
    .filter((a) => a.action === 'link.switch')
    .map((a) => a.details.reason);
  expect(switches).toEqual(['supervisor.prefer', 'supervisor.priority']);
});
