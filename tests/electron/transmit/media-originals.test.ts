// Pages sent as lighter copies (transmit.profile) on removable media: the drive carries each
// copy and its original, the central's import takes both (each by its signed hash) and
// acknowledges the acta; an original altered on the drive is refused, and the acta stays pending.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';
import { CentralStore } from '../../../central/store';
import { importMediaFolder } from '../../../central/import';
import { systemClock } from '../../../electron/platform/clock';
import { exportToMedia } from '../../../electron/transmit/media';
import { MEDIA_BLOBS_DIR } from '../../../shared/intake';
import { actaKeyFor, openStationSide, STATION_ID } from './fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const stamp = () => ({ utc: new Date().toISOString(), offsetMinutes: -360 });

/** A station whose one acta travels as a copy, its scan kept in `scans/`, exported to a drive. */
async function exportedActa() {
  const centralDir = tempDir('catd-central-');
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const scans = path.join(station.dataDir, 'scans');
  const copies = path.join(station.dataDir, 'copies');
  fs.mkdirSync(scans);
  fs.mkdirSync(copies);
  const scan = randomBytes(120_000);
  const copy = randomBytes(9_000);
  fs.writeFileSync(path.join(scans, sha(scan)), scan);
  fs.writeFileSync(path.join(copies, sha(copy)), copy);
  const r = station.outbox.enqueue({
    actaKey: actaKeyFor(1),
    images: [
      {
        sha256: sha(copy),
        size: copy.length,
        path: path.join(copies, sha(copy)),
        original: { sha256: sha(scan), size: scan.length },
        encoding: { format: 'webp', quality: 60 },
      },
    ],
    times: { receivedAt: stamp(), scannedAt: stamp(), verifiedAt: stamp() },
    stationId: STATION_ID,
    operatorId: 'op01',
  });
  if (!r.ok) throw new Error(r.error.detail);
  const drive = tempDir('catd-usb-');
  const out = await exportToMedia(station.outbox, drive, {
    stationId: STATION_ID,
    key: station.key,
    clock: systemClock,
    scanPath: (h) => path.join(scans, h),
  });
  if (!out.ok) throw new Error(out.error.messageKey);
  const store = await CentralStore.open(centralDir);
  cleanups.push(() => store.close());
  return { store, folder: out.value.folder, scan, copy };
}

it('the drive carries copy and original; the central takes both and acknowledges the acta', async () => {
  const { store, folder, scan, copy } = await exportedActa();
  expect(fs.readdirSync(path.join(folder, MEDIA_BLOBS_DIR)).sort()).toEqual([sha(scan), sha(copy)].sort());
  const summary = await importMediaFolder(store, folder);
  expect(summary.created).toBe(1);
  expect(await store.hasBlob(sha(copy))).toBe(true);
  expect(await store.hasBlob(sha(scan))).toBe(true);
  const back = Buffer.concat(await store.blobs.get(sha(scan)).toArray());
  expect(back.equals(scan)).toBe(true);
});

it('an original altered on the drive is refused, with its acta', async () => {
  const { store, folder, scan } = await exportedActa();
  fs.writeFileSync(path.join(folder, MEDIA_BLOBS_DIR, sha(scan)), randomBytes(scan.length));
  const summary = await importMediaFolder(store, folder);
  expect(summary.created).toBe(0);
  expect(summary.refused.map((r) => r.error)).toEqual(['blob_hash_mismatch']);
  expect(await store.hasBlob(sha(scan))).toBe(false);
  expect(await store.delivered()).toEqual([]);
});
