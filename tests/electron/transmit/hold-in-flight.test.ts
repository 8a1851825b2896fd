// A supervisor holds an acta while it is being uploaded: the upload is cut short at once, the
// attempt reads as failed without blaming the link, the central never gets the acta while it is
// held, and once released it is delivered exactly once.
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';
import { startIntakeServer } from '../../../central/server';
import { centralCounts, makeActa, openStationSide, startTransmitter } from './fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

it('cuts an upload short when the acta is held, and sends it once after release', async () => {
  const centralDir = tempDir('catd-central-');
  const intake = await startIntakeServer({ ports: [0, 0], dataDir: centralDir });
  cleanups.push(() => intake.close());
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  // One acta of two 8 MB images sent in 16 KiB chunks: a thousand requests, time to hold it.
  const item = makeActa(station.dataDir, 1, 8 * 1024 * 1024, 2);
  station.outbox.enqueue(item);
  const { tx, events } = startTransmitter(
    station,
    { primary: intake.urls[0]!, backup: intake.urls[1]! },
    { chunkBytes: 16 * 1024 },
  );
  cleanups.push(() => tx.stop());
  const attempts = () =>
    station.db
      .prepare<[], { finished_at: string | null; error: string | null; link: string }>(
        'SELECT finished_at, error, link FROM outbox_attempts ORDER BY id',
      )
      .all();
  await until(() => attempts().length === 1, 10_000);

  // The supervisor's hold, as the workflow's hook does it.
  const entryId = station.outbox.list('pending')[0]!.id;
  station.outbox.holdEntry(entryId, 'held');
  expect(tx.cancel(entryId)).toBe(true);
  await until(() => attempts()[0]!.finished_at !== null, 5_000);
  expect(attempts()[0]!.error).toMatch(/^transmit\.error\.aborted/);
  // No link was blamed for it: no failover happened.
  expect(events.filter((e) => e.type === 'switch' && e.reason !== 'start')).toEqual([]);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await intake.store.delivered()).toEqual([]);
  expect(attempts()).toHaveLength(1); // held: not tried again

  station.outbox.holdEntry(entryId, null);
  tx.wake();
  await until(() => station.outbox.counts().delivered === 1, 30_000);
  const counts = centralCounts(await intake.store.delivered());
  expect([...counts.values()]).toEqual([1]);
}, 60_000);
