// Code readers (QR / barcode guns) deliver the text of the acta's QR label to acopio. They are
// not status-bar devices: a reader has its own small status (connected or not) and emits one
// event per scan, already parsed into an ActaKey or the message key of what is wrong with it.
import type { Clock } from '../../platform/clock';
import { err, ok, type Result } from '../../platform/result';
import { parseActaKey, type ActaKey, type ActaKeyError } from '../../../shared/acta-key';
import { actaKeyTextOfQr } from '../../../shared/acopio-qr';

export const READER_DRIVERS = ['hid', 'serial'] as const;
export type ReaderDriver = (typeof READER_DRIVERS)[number];

export interface ReaderStatus {
  driver: ReaderDriver;
  /** Configured name of the reader ("Lector de la estación 2"). */
  name: string;
  state: 'connected' | 'disconnected';
  /** Message key of why it is disconnected, or null. */
  lastError: string | null;
  /** When the state last changed (ISO 8601 UTC). */
  since: string;
}

/** What can be wrong with one scan besides the acta key itself. */
export type ReaderScanError =
  | ActaKeyError
  /** More characters than any label holds before the end of the line: two scans run together or noise. */
  | 'reader.error.tooLong'
  /** Control characters or bytes that are not text. */
  | 'reader.error.garbled'
  /** Characters stopped arriving before the end of the scan (reader unplugged mid-scan). */
  | 'reader.error.incomplete';

export interface ReaderScan {
  /** What the reader sent, as assembled (cut at MAX_SCAN_CHARS). */
  text: string;
  /** The acta key the text holds, or what is wrong with the scan. */
  key: Result<ActaKey, ReaderScanError>;
  at: string;
  driver: ReaderDriver;
}

export interface CodeReader {
  readonly driver: ReaderDriver;
  status(): ReaderStatus;
  start(): void;
  stop(): Promise<void>;
  onScan(listener: (scan: ReaderScan) => void): () => void;
  onStatus(listener: (status: ReaderStatus) => void): () => void;
}

/** Longest scan kept; anything beyond is dropped and the scan reported as too long. */
export const MAX_SCAN_CHARS = 256;

/** A completed scan as the decoders hand it over. */
export interface RawScan {
  text: string;
  problem: 'tooLong' | 'garbled' | 'incomplete' | null;
}

export function toReaderScan(raw: RawScan, driver: ReaderDriver, at: string): ReaderScan {
  if (raw.problem) return { text: raw.text, key: err(`reader.error.${raw.problem}` as const), at, driver };
  // A printed acopio label carries its stamp after the key (shared/acopio-qr.ts): the key is what
  // the operator scanned for.
  const parsed = parseActaKey(actaKeyTextOfQr(raw.text));
  return { text: raw.text, key: parsed.ok ? ok(parsed.key) : err(parsed.error), at, driver };
}

/** Status, listeners and scan delivery shared by every reader driver. */
export class ReaderHub {
  private current: ReaderStatus;
  private readonly statusListeners = new Set<(s: ReaderStatus) => void>();
  private readonly scanListeners = new Set<(s: ReaderScan) => void>();

  constructor(
    private readonly clock: Clock,
    readonly driver: ReaderDriver,
    name: string,
  ) {
    this.current = {
      driver,
      name,
      state: 'disconnected',
      lastError: 'reader.status.connecting',
      since: clock.now().toISOString(),
    };
  }

  status(): ReaderStatus {
    return this.current;
  }

  setStatus(state: ReaderStatus['state'], lastError: string | null): void {
    const prev = this.current;
    if (prev.state === state && prev.lastError === lastError) return;
    this.current = {
      ...prev,
      state,
      lastError,
      since: prev.state === state ? prev.since : this.clock.now().toISOString(),
    };
    for (const l of this.statusListeners) l(this.current);
  }

  deliver(raw: RawScan): void {
    // An empty line between CR and LF, or a stray Enter, is not a scan.
    if (raw.text === '' && raw.problem === null) return;
    const scan = toReaderScan(raw, this.driver, this.clock.now().toISOString());
    for (const l of this.scanListeners) l(scan);
  }

  onScan(listener: (scan: ReaderScan) => void): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  onStatus(listener: (status: ReaderStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
}

/** Reconnect delays shared by the drivers: quick at first, then no busier than every few seconds. */
export const READER_RECONNECT_INITIAL_MS = 500;
export const READER_RECONNECT_MAX_MS = 5_000;
