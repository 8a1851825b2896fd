// Which drives count as removable, and how a picked path is held inside its place.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowedPlaces,
  readFileInPlaces,
  removableMountsIn,
  resolveInPlaces,
  stationExportDir,
} from '../../../electron/station/allowed-places';
import { tempDir } from '../../helpers/temp';

const MOUNTS = [
  '/dev/nvme0n1p2 / ext4 rw,relatime 0 0',
  '/dev/nvme0n1p1 /boot/efi vfat rw 0 0',
  'tmpfs /run/media/ana tmpfs rw 0 0',
  '/dev/sdb1 /media/catd/USB\\040PREP vfat rw,nosuid,nodev 0 0',
  '/dev/sdc1 /run/media/ana/SD vfat rw 0 0',
  '/dev/sda3 /mnt/respaldo ext4 rw 0 0',
  '/dev/sdd1 / ext4 rw 0 0',
].join('\n');

describe('removable drive detection', () => {
  it('offers removable or USB devices mounted where automounters put media, nothing else', () => {
    const removable = new Set(['/dev/sdb1', '/dev/sdc1', '/dev/sdd1']);
    expect(removableMountsIn(MOUNTS, (d) => removable.has(d))).toEqual([
      '/media/catd/USB PREP',
      '/run/media/ana/SD',
    ]);
  });
});

describe('a path inside the allowed places', () => {
  it('is resolved to its real path; outside, `..` and links out are refused', () => {
    const drive = tempDir();
    const elsewhere = tempDir();
    fs.mkdirSync(path.join(drive, 'sub'));
    fs.symlinkSync(elsewhere, path.join(drive, 'out'));
    fs.symlinkSync(path.join(drive, 'sub'), path.join(drive, 'in'));
    const places = [{ path: drive, kind: 'configured' as const }];
    expect(resolveInPlaces(path.join(drive, 'in'), places)).toEqual({
      ok: true,
      value: fs.realpathSync(path.join(drive, 'sub')),
    });
    expect(resolveInPlaces(elsewhere, places)).toMatchObject({ error: 'console.error.placeNotAllowed' });
    expect(resolveInPlaces(path.join(drive, 'out'), places)).toMatchObject({
      error: 'console.error.placeNotAllowed',
    });
    expect(resolveInPlaces(`${drive}/sub/../sub`, places)).toMatchObject({
      error: 'console.error.placeNotAllowed',
    });
    expect(resolveInPlaces('sub', places)).toMatchObject({ error: 'console.error.pathNotAbsolute' });
    expect(resolveInPlaces(path.join(drive, 'nada'), places)).toMatchObject({
      error: 'console.error.pathMissing',
    });
  });

  it('reads a file within a size limit and refuses a folder', () => {
    const drive = tempDir();
    fs.writeFileSync(path.join(drive, 'c.csv'), 'x'.repeat(100));
    const places = [{ path: drive, kind: 'removable' as const }];
    expect(readFileInPlaces(path.join(drive, 'c.csv'), places, 1000)).toEqual({
      ok: true,
      value: 'x'.repeat(100),
    });
    expect(readFileInPlaces(path.join(drive, 'c.csv'), places, 99)).toMatchObject({
      error: 'console.error.fileTooBig',
    });
    expect(readFileInPlaces(drive, places, 1000)).toMatchObject({ error: 'console.error.notAFile' });
  });

  it('always offers the station export folder, and only configured folders that exist', () => {
    const data = tempDir();
    const drive = tempDir();
    const places = allowedPlaces({
      files: { roots: [drive, path.join(drive, 'gone')], removable: true },
      dataDir: data,
      detectRemovable: () => ['/definitely/not/mounted'],
    });
    expect(places).toEqual([
      { path: drive, kind: 'configured' },
      { path: stationExportDir(data), kind: 'station' },
    ]);
  });
});
