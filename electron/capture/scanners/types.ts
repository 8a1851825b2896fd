// The one interface every scanner driver implements (SANE, eSCL, hot folder, simulated), so the
// scan screen and the status bar never care which kind of device is on the desk.
import { z } from 'zod';
import type { DeviceMonitor } from '../../platform/device';
import type { Result } from '../../platform/result';
import type { SCANNER_STATES } from '../../../shared/domain';

export type ScannerState = (typeof SCANNER_STATES)[number];

export const SCAN_SOURCES = ['feeder', 'flatbed'] as const;
export const SCAN_MODES = ['gray', 'color'] as const;
export const PAGE_SIZES = ['letter', 'legal'] as const;
export type ScanSource = (typeof SCAN_SOURCES)[number];
export type ScanMode = (typeof SCAN_MODES)[number];
export type PageSize = (typeof PAGE_SIZES)[number];

/** Paper sizes in millimetres (SANE geometry) and in 1/300 inch (eSCL regions). */
export const PAGE_SIZE_MM: Record<PageSize, { width: number; height: number }> = {
  letter: { width: 215.9, height: 279.4 },
  legal: { width: 215.9, height: 355.6 },
};
export const PAGE_SIZE_300THS: Record<PageSize, { width: number; height: number }> = {
  letter: { width: 2550, height: 3300 },
  legal: { width: 2550, height: 4200 },
};

export const ScanOptionsSchema = z
  .object({
    source: z.enum(SCAN_SOURCES).default('feeder'),
    /** 300 dpi is what the PREP publishes; below 150 the QR label and figures are unreadable. */
    resolutionDpi: z.number().int().min(75).max(1200).default(300),
    mode: z.enum(SCAN_MODES).default('gray'),
    pageSize: z.enum(PAGE_SIZES).default('letter'),
    /** Stop after this many pages; absent = until the feeder is empty (flatbed: always one). */
    maxPages: z.number().int().min(1).optional(),
  })
  .strict();
export type ScanOptions = z.infer<typeof ScanOptionsSchema>;
export type ScanRequest = z.input<typeof ScanOptionsSchema>;

export const PAGE_FORMATS = ['png', 'jpeg', 'tiff', 'pdf', 'pnm'] as const;
export type PageFormat = (typeof PAGE_FORMATS)[number];

/** One scanned page, exactly as the device produced it (its bytes are what gets fingerprinted). */
export interface ScannedPage {
  /** 1-based position in the batch. */
  index: number;
  bytes: Uint8Array;
  format: PageFormat;
  /** ISO 8601 UTC, from the injected clock. */
  receivedAt: string;
}

/** How a batch ended. Pages already delivered stay delivered whatever the ending. */
export type ScanOutcome =
  | { kind: 'completed'; pages: number }
  | { kind: 'cancelled'; pages: number }
  | {
      kind: 'failed';
      pages: number;
      /** The state the scanner was left in (jammed, feeder_empty, cover_open, disconnected, error). */
      state: ScannerState;
      /** Message key, optionally with ":detail" (as DeviceStatus.lastError). */
      error: string;
    };

/**
 * A running batch. Pages come through the async iterator (or the onPage callback given to
 * scan()) as the device delivers them; `done` always resolves, never rejects.
 */
export interface ScanJob {
  readonly pages: AsyncIterable<ScannedPage>;
  readonly done: Promise<ScanOutcome>;
  /**
   * How many sheets the batch will hold, when the device can tell (the simulated feeder knows its
   * stack; SANE and eSCL feeders do not): the screen says "Página 2 de 3" instead of "Página 2".
   */
  readonly expectedPages?: number;
  /** Stops the batch; resolves once the device has let go (process gone, job deleted). */
  cancel(): Promise<void>;
}

export interface ScannerDeviceInfo {
  /** The id to put in the driver's configuration (SANE device name, eSCL URL, folder). */
  id: string;
  name: string;
}

/** The devices found, or the message key of why none could be listed. */
export type ListDevicesResult = Result<ScannerDeviceInfo[], string>;

export const SCANNER_DRIVER_NAMES = ['sane', 'escl', 'hot-folder', 'simulated'] as const;
export type ScannerDriverName = (typeof SCANNER_DRIVER_NAMES)[number];

export interface ScannerDriver extends DeviceMonitor {
  readonly kind: 'scanner';
  readonly driverName: ScannerDriverName;
  listDevices(): Promise<ListDevicesResult>;
  /**
   * Starts a batch. Only one batch runs at a time: a second call while one runs returns a job
   * that fails at once with `scanner.error.busy`.
   */
  scan(request: ScanRequest, onPage?: (page: ScannedPage) => void): ScanJob;
  /** Cancels the running batch, if any. */
  cancel(): Promise<void>;
}
