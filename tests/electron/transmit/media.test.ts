// Both links down: the supervisor exports the pending actas to a folder (USB drive), the central
// imports it with `catd central import`, and the receipts it writes close the actas at the station.
// When a link comes back nothing is counted twice.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';
import { run } from '../../helpers/processes';
import { startIntakeServer } from '../../../central/server';
import { CentralStore } from '../../../central/store';
import { systemClock } from '../../../electron/platform/clock';
import { applyMediaReceipts, exportToMedia, type MediaProgress } from '../../../electron/transmit/media';
import { centralCounts, makeActa, openStationSide, STATION_ID, startTransmitter, TSX } from './fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function importCli(folder: string, centralDir: string): Promise<{ code: number | null; out: string }> {
  const p = run(TSX, ['central/main.ts', 'import', folder, '--data', centralDir]);
  const code = await new Promise<number | null>((r) => p.child.once('exit', (c) => r(c)));
  return { code, out: p.output.join('\n') };
}

it('exports to a folder when both links are down, imports at the central, applies receipts back', async () => {
  const centralDir = tempDir('catd-central-');
  const drive = tempDir('catd-usb-');
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const N = 12;
  for (let i = 0; i < N; i++) station.outbox.enqueue(makeActa(station.dataDir, i, 40 * 1024));
  // Both links point at closed ports.
  const { tx } = startTransmitter(station, { primary: 'http://127.0.0.1:1', backup: 'http://127.0.0.1:2' });
  cleanups.push(() => tx.stop());
  await expect.poll(() => tx.activeLink(), { timeout: 3_000 }).toBe(null);

  const progress: MediaProgress[] = [];
  const r = await exportToMedia(station.outbox, drive, {
    stationId: STATION_ID,
    key: station.key,
    clock: systemClock,
    onProgress: (p) => progress.push(p),
  });
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.value.actas).toBe(N);
  expect(progress.at(-1)).toMatchObject({ phase: 'verify' });
  expect(progress.filter((p) => p.phase === 'write').at(-1)).toEqual({
    phase: 'write',
    done: 3 * N,
    total: 3 * N,
  });
  expect(fs.readdirSync(drive)).toEqual([path.basename(r.value.folder)]); // no partial folder left behind

  const imp = await importCli(drive, centralDir);
  expect(imp.code).toBe(0);
  expect(imp.out).toMatch(`${N} actas nuevas`);
  // Carried back: the receipts close every acta at the station.
  const applied = applyMediaReceipts(station.outbox, drive, station.centralKeyPem, STATION_ID);
  expect(applied).toMatchObject({ applied: N, invalid: 0, unknown: 0 });
  expect(station.outbox.counts()).toEqual({ pending: 0, dead: 0, delivered: N });

  // Importing the same drive again counts nothing twice; applying again changes nothing.
  const again = await importCli(drive, centralDir);
  expect(again.out).toMatch(`0 actas nuevas, ${N} ya recibidas`);
  expect(applyMediaReceipts(station.outbox, drive, station.centralKeyPem, STATION_ID).alreadyDelivered).toBe(
    N,
  );
  const central = await CentralStore.open(centralDir);
  cleanups.push(() => central.close());
  const counts = centralCounts(await central.delivered());
  expect(counts.size).toBe(N);
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
  expect((await central.delivered()).every((d) => d.via === 'media')).toBe(true);
  expect([...station.audit.entries()].filter((a) => a.action === 'acta.exported')).toHaveLength(N);
  expect(station.audit.verify().ok).toBe(true);
});

it('an acta exported and then sent by a link when it came back is counted once', async () => {
  const centralDir = tempDir('catd-central-');
  const drive = tempDir('catd-usb-');
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const N = 5;
  for (let i = 0; i < N; i++) station.outbox.enqueue(makeActa(station.dataDir, i));
  const r = await exportToMedia(station.outbox, drive, {
    stationId: STATION_ID,
    key: station.key,
    clock: systemClock,
  });
  expect(r.ok).toBe(true);
  expect((await importCli(drive, centralDir)).code).toBe(0);
  // The receipts have not come back yet when the link returns: the station sends again and the
  // central replays the receipts it signed at import.
  const intake = await startIntakeServer({ ports: [0], dataDir: centralDir });
  cleanups.push(() => intake.close());
  const { tx, events } = startTransmitter(station, {
    primary: intake.urls[0]!,
    backup: 'http://127.0.0.1:1',
  });
  cleanups.push(() => tx.stop());
  await expect.poll(() => station.outbox.counts().delivered, { timeout: 10_000 }).toBe(N);
  expect(events.filter((e) => e.type === 'delivered' && e.replayed)).toHaveLength(N);
  expect(centralCounts(await intake.store.delivered()).size).toBe(N);
  expect(await intake.store.delivered()).toHaveLength(N);
});

it('refuses a tampered export at the central', async () => {
  const centralDir = tempDir('catd-central-');
  const drive = tempDir('catd-usb-');
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  station.outbox.enqueue(makeActa(station.dataDir, 1));
  const r = await exportToMedia(station.outbox, drive, {
    stationId: STATION_ID,
    key: station.key,
    clock: systemClock,
  });
  if (!r.ok) throw new Error(r.error.messageKey);
  const blobDir = path.join(r.value.folder, 'blobs');
  const blob = path.join(blobDir, fs.readdirSync(blobDir)[0]!);
  const bytes = fs.readFileSync(blob);
  bytes[0] = bytes[0]! ^ 0xff;
  fs.writeFileSync(blob, bytes);
  const imp = await importCli(drive, centralDir);
  expect(imp.code).toBe(1);
  expect(imp.out).toMatch('blob_hash_mismatch');
  expect(applyMediaReceipts(station.outbox, drive, station.centralKeyPem, STATION_ID).applied).toBe(0);
  expect(station.outbox.counts().pending).toBe(1);
});

it('a drive never carries an acta a supervisor held or annulled', async () => {
  const centralDir = tempDir('catd-central-');
  const drive = tempDir('catd-usb-');
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const ids = [0, 1, 2].map((i) => {
    const r = station.outbox.enqueue(makeActa(station.dataDir, i, 8 * 1024));
    if (!r.ok) throw new Error(r.error.messageKey);
    return r.value;
  });
  station.outbox.holdEntry(ids[0]!.id, 'held');
  station.outbox.holdEntry(ids[1]!.id, 'annulled');
  const r = await exportToMedia(station.outbox, drive, {
    stationId: STATION_ID,
    key: station.key,
    clock: systemClock,
  });
  expect(r.ok && r.value.actas).toBe(1);
  const imp = await importCli(drive, centralDir);
  expect(imp.code).toBe(0);
  const central = await CentralStore.open(centralDir);
  cleanups.push(() => central.close());
  expect((await central.delivered()).map((d) => d.idempotencyKey)).toEqual([ids[2]!.idempotencyKey]);
});
