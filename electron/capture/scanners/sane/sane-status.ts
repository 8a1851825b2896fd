// Turns what scanimage says (exit status, stderr) into the scanner states the operator sees.
// scanimage exits with the SANE_Status of the failing call, and prints sane_strstatus() text;
// we run it with LC_ALL=C so that text is English whatever the station's locale.
import type { ScannerState } from '../types';

/** SANE_Status values (sane.h). */
export const SANE_STATUS = {
  GOOD: 0,
  UNSUPPORTED: 1,
  CANCELLED: 2,
  DEVICE_BUSY: 3,
  INVAL: 4,
  EOF: 5,
  JAMMED: 6,
  NO_DOCS: 7,
  COVER_OPEN: 8,
  IO_ERROR: 9,
  NO_MEM: 10,
  ACCESS_DENIED: 11,
} as const;

const STATUS_TEXT: Array<[RegExp, number]> = [
  [/document feeder jammed/i, SANE_STATUS.JAMMED],
  [/document feeder out of documents/i, SANE_STATUS.NO_DOCS],
  [/scanner cover is open/i, SANE_STATUS.COVER_OPEN],
  [/error during device i\/o/i, SANE_STATUS.IO_ERROR],
  [/device busy/i, SANE_STATUS.DEVICE_BUSY],
  [/access to resource has been denied/i, SANE_STATUS.ACCESS_DENIED],
  [/out of memory/i, SANE_STATUS.NO_MEM],
];

export interface SaneFailure {
  state: ScannerState;
  error: string;
}

/** The SANE status named in a stderr line such as "scanimage: sane_read: Document feeder jammed". */
export function statusFromStderr(stderr: string): number | undefined {
  for (const line of stderr.split('\n')) {
    const m = /sane_(?:start|read|open|control_option)[^:]*: (.*)$/.exec(line);
    if (!m?.[1]) continue;
    for (const [re, status] of STATUS_TEXT) if (re.test(m[1])) return status;
  }
  return undefined;
}

/**
 * How a scanimage batch ended. `pages` is how many came out: running out of paper after some
 * pages is the normal end of a feeder batch, not a fault.
 */
export function classifyBatchExit(
  code: number | null,
  stderr: string,
  pages: number,
): { kind: 'completed' } | ({ kind: 'failed' } & SaneFailure) {
  if (/open of device .* failed/i.test(stderr)) {
    return { kind: 'failed', state: 'disconnected', error: 'scanner.error.disconnected' };
  }
  if (/no scanners were identified/i.test(stderr)) {
    return { kind: 'failed', state: 'disconnected', error: 'scanner.error.disconnected' };
  }
  const textStatus = statusFromStderr(stderr);
  const status = code !== null && code !== 0 && code !== 1 ? code : (textStatus ?? code);
  switch (status) {
    case SANE_STATUS.GOOD:
    case SANE_STATUS.EOF:
      return { kind: 'completed' };
    case SANE_STATUS.NO_DOCS:
      return pages > 0
        ? { kind: 'completed' }
        : { kind: 'failed', state: 'feeder_empty', error: 'scanner.error.feederEmpty' };
    case SANE_STATUS.JAMMED:
      return { kind: 'failed', state: 'jammed', error: 'scanner.error.jammed' };
    case SANE_STATUS.COVER_OPEN:
      return { kind: 'failed', state: 'cover_open', error: 'scanner.error.coverOpen' };
    case SANE_STATUS.IO_ERROR:
      // What a pulled USB cable looks like mid-scan.
      return { kind: 'failed', state: 'disconnected', error: 'scanner.error.io' };
    case SANE_STATUS.DEVICE_BUSY:
      return { kind: 'failed', state: 'error', error: 'scanner.error.deviceBusy' };
    case SANE_STATUS.ACCESS_DENIED:
      return { kind: 'failed', state: 'error', error: 'scanner.error.accessDenied' };
    case SANE_STATUS.CANCELLED:
      return { kind: 'failed', state: 'error', error: 'scanner.error.cancelledByDevice' };
    default:
      return { kind: 'failed', state: 'error', error: `scanner.error.device:exit ${String(code)}` };
  }
}

export interface SaneListedDevice {
  id: string;
  vendor: string;
  model: string;
}

/** Format string for `scanimage -f`: fields separated by tabs, which device names never contain. */
export const SANE_LIST_FORMAT = '%d\t%v\t%m%n';

/** Parses `scanimage -f SANE_LIST_FORMAT` output; lines that do not fit are ignored. */
export function parseDeviceList(stdout: string): SaneListedDevice[] {
  const out: SaneListedDevice[] = [];
  for (const line of stdout.split('\n')) {
    const [id, vendor, model, ...rest] = line.split('\t');
    if (!id || vendor === undefined || model === undefined || rest.length > 0) continue;
    if (!/^[\w.:/@+-]+$/.test(id)) continue;
    out.push({ id, vendor: vendor.trim(), model: model.trim() });
  }
  return out;
}

/** SANE accepts a bare backend name ("test", "fujitsu") as "that backend's first device". */
export function deviceMatches(configured: string, listedId: string): boolean {
  return listedId === configured || listedId.startsWith(`${configured}:`);
}
