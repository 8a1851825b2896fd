// Where the supervisor may read a catalogue from or write an export to: the removable drives the
// system has mounted, the folders the station's configuration lists, and the station's own export
// folder. Never an arbitrary path: the core runs with rights a supervisor does not have (root, on
// some kiosks), so a typed "/etc" or "/etc/shadow" would otherwise be written or read for them.
// Every path is resolved with realpath (no `..`, no symlink out of the place) before it is used.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../platform/result';

export const FilesConfigSchema = z
  .object({
    /** Extra folders the supervisor may pick (absolute; e.g. a network share mounted for exports). */
    roots: z
      .array(z.string().refine((p) => path.isAbsolute(p), 'debe ser una ruta absoluta'))
      .max(20)
      .default([]),
    /** Offer the removable drives the system has mounted (USB sticks, SD cards). */
    removable: z.boolean().default(true),
  })
  .strict();
export type FilesConfig = z.infer<typeof FilesConfigSchema>;

export type PlaceKind = 'removable' | 'configured' | 'station';
export interface Place {
  path: string;
  kind: PlaceKind;
}

export type PlaceErrorCode =
  | 'console.error.pathNotAbsolute'
  | 'console.error.pathMissing'
  | 'console.error.placeNotAllowed'
  | 'console.error.notAFolder'
  | 'console.error.notAFile'
  | 'console.error.fileTooBig'
  | 'console.error.fileUnreadable';

/** The station's own export folder, inside its data folder (always offered). */
export function stationExportDir(dataDir: string): string {
  return path.join(dataDir, 'exportaciones');
}

/** Linux /proc/mounts escapes spaces and the like as \040 octal. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Where desktop automounters (udisks2, the ones a kiosk can run) put removable media. */
const REMOVABLE_PREFIXES = ['/media/', '/run/media/', '/mnt/'];

/**
 * The mount points of removable drives in a /proc/mounts text: under a removable-media prefix AND
 * on a block device the kernel calls removable or USB. Both, so a system partition mounted under
 * /mnt, or a USB disk mounted on /, is never offered.
 */
export function removableMountsIn(mounts: string, isRemovableDevice: (dev: string) => boolean): string[] {
  const found: string[] = [];
  for (const line of mounts.split('\n')) {
    const [dev, mnt] = line.split(' ').map(unescapeMount);
    if (!dev?.startsWith('/dev/') || !mnt) continue;
    if (!REMOVABLE_PREFIXES.some((p) => mnt.startsWith(p))) continue;
    if (isRemovableDevice(dev) && !found.includes(mnt)) found.push(mnt);
  }
  return found;
}

/** sysfs: the device (or the disk a partition is on) is flagged removable, or sits on a USB bus. */
function linuxRemovableDevice(dev: string): boolean {
  try {
    const sys = fs.realpathSync(`/sys/class/block/${path.basename(fs.realpathSync(dev))}`);
    if (sys.includes('/usb')) return true;
    return [sys, path.dirname(sys)].some((d) => {
      try {
        return fs.readFileSync(path.join(d, 'removable'), 'utf8').trim() === '1';
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** The removable drives mounted now (Linux: /proc/mounts + sysfs; Windows: DriveType 2). */
export function detectRemovableRoots(platform = process.platform): string[] {
  try {
    if (platform === 'linux')
      return removableMountsIn(fs.readFileSync('/proc/self/mounts', 'utf8'), linuxRemovableDevice);
    if (platform === 'win32') {
      const out = execFileSync(
        'powershell.exe',
        [
          '-NoProfile',
          '-Command',
          "Get-CimInstance Win32_LogicalDisk -Filter 'DriveType=2' | ForEach-Object { $_.DeviceID }",
        ],
        { encoding: 'utf8', timeout: 5_000, windowsHide: true },
      );
      return out
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => /^[A-Z]:$/.test(l))
        .map((l) => `${l}\\`);
    }
  } catch {
    // No drives found is the safe answer: the station's own folder is always there.
  }
  return [];
}

export interface PlacesSource {
  files: FilesConfig;
  dataDir: string;
  /** The real detection unless given (tests). */
  detectRemovable?: () => string[];
}

/** Every place the supervisor may pick now, each existing (the station folder is created). */
export function allowedPlaces(src: PlacesSource): Place[] {
  const own = stationExportDir(src.dataDir);
  fs.mkdirSync(own, { recursive: true });
  const removable = src.files.removable ? (src.detectRemovable ?? detectRemovableRoots)() : [];
  const places: Place[] = [
    ...removable.map((p) => ({ path: p, kind: 'removable' as const })),
    ...src.files.roots.map((p) => ({ path: p, kind: 'configured' as const })),
    { path: own, kind: 'station' },
  ];
  return places.filter((p) => isDirectory(p.path));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `child` is `parent` or below it (both already resolved). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * `candidate` as its real path, if that is inside one of `places` (each also by its real path).
 * `..` anywhere is refused outright rather than normalised: nobody picking a drive types it.
 */
export function resolveInPlaces(candidate: string, places: Place[]): Result<string, PlaceErrorCode> {
  if (!path.isAbsolute(candidate)) return err('console.error.pathNotAbsolute');
  if (candidate.includes('\0') || candidate.split(/[\\/]/).includes('..'))
    return err('console.error.placeNotAllowed');
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return err('console.error.pathMissing');
  }
  for (const p of places) {
    let root: string;
    try {
      root = fs.realpathSync(p.path);
    } catch {
      continue;
    }
    if (isInside(real, root)) return ok(real);
  }
  return err('console.error.placeNotAllowed');
}

/** A folder inside an allowed place, as its real path. */
export function resolveFolder(candidate: string, places: Place[]): Result<string, PlaceErrorCode> {
  const r = resolveInPlaces(candidate, places);
  if (!r.ok) return r;
  return isDirectory(r.value) ? r : err('console.error.notAFolder');
}

/**
 * Reads a text file inside an allowed place, at most `maxBytes`. Opened without following a link
 * (the real path was just resolved; a link swapped in since is refused) and checked on the open
 * descriptor. A refusal is a code only: nothing of the file ever reaches the message.
 */
export function readFileInPlaces(
  candidate: string,
  places: Place[],
  maxBytes: number,
): Result<string, PlaceErrorCode> {
  const r = resolveInPlaces(candidate, places);
  if (!r.ok) return r;
  let fd: number;
  try {
    fd = fs.openSync(r.value, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return err('console.error.fileUnreadable');
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return err('console.error.notAFile');
    if (st.size > maxBytes) return err('console.error.fileTooBig');
    return ok(fs.readFileSync(fd, 'utf8'));
  } catch {
    return err('console.error.fileUnreadable');
  } finally {
    fs.closeSync(fd);
  }
}
