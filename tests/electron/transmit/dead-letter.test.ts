// An acta no retry can help goes to the dead-letter list the supervisor sees, and comes back to
// the queue when the supervisor re-queues it. The heartbeat carries station health and queue depth.
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';
import { startIntakeServer } from '../../../central/server';
import { makeActa, openStationSide, STATION_ID, startTransmitter } from './fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('dead-letters an acta whose image vanished, and delivers it once re-queued after the fix', async () => {
  const centralDir = tempDir('catd-central-');
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const intake = await startIntakeServer({ ports: [0], dataDir: centralDir });
  cleanups.push(() => intake.close());
  const item = makeActa(station.dataDir, 7);
  const r = station.outbox.enqueue(item);
  if (!r.ok) throw new Error(r.error.messageKey);
  const saved = fs.readFileSync(item.images[1]!.path);
  fs.rmSync(item.images[1]!.path);
  const { tx, events } = startTransmitter(station, {
    primary: intake.urls[0]!,
    backup: 'http://127.0.0.1:1',
  });
  cleanups.push(() => tx.stop());
  await expect.poll(() => station.outbox.counts().dead, { timeout: 5_000 }).toBe(1);
  expect(station.outbox.list('dead')[0]!.lastError).toBe('transmit.error.imageMissing');
  expect(events.some((e) => e.type === 'dead')).toBe(true);
  expect(await intake.store.delivered()).toHaveLength(0);

  fs.writeFileSync(item.images[1]!.path, saved);
  expect(tx.requeue(r.value.id, 'sup01')).toBe(true);
  await expect
    .poll(() => station.outbox.counts(), { timeout: 5_000 })
    .toEqual({ pending: 0, dead: 0, delivered: 1 });
  const audit = [...station.audit.entries()].map((a) => [a.action, a.actor]);
  expect(audit).toContainEqual(['acta.deadLettered', 'sistema:transmision']);
  expect(audit).toContainEqual(['acta.requeued', 'sup01']);
});

it('sends a signed heartbeat with station health and queue depth on the working link', async () => {
  const centralDir = tempDir('catd-central-');
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const intake = await startIntakeServer({ ports: [0], dataDir: centralDir });
  cleanups.push(() => intake.close());
  const { tx } = startTransmitter(station, { primary: 'http://127.0.0.1:1', backup: intake.urls[0]! });
  cleanups.push(() => tx.stop());
  await expect.poll(() => tx.activeLink(), { timeout: 3_000 }).toBe('respaldo');
  expect(await tx.sendHeartbeat()).toBe(true);
  const row = (await intake.store.db.get<{ link: string; body: string }>(
    'SELECT link, body FROM heartbeats WHERE station_id = ?',
    [STATION_ID],
  ))!;
  expect(row.link).toBe('respaldo');
  expect(JSON.parse(row.body).queue).toEqual({ pending: 0, dead: 0, delivered: 0 });
});
