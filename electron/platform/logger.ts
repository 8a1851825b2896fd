// Structured logs: one JSON object per line with a stable event id from ./log-events, so a
// supervisor can export them and an engineer can grep them. Secrets (tokens, PINs) are never
// passed to the logger.
//
// Hand-written, not pino (tried on a full 64 KB tmpfs, Node 20 and 24): pino's sync file
// destination throws ENOSPC into the caller unless an 'error' listener is added; its async one
// hangs process exit in a busy loop until space is freed; rotation needs pino-roll, which starts
// asynchronously, writes catd.N.log (0644) instead of catd.log and loads date-fns. What the core
// needs fits in this file: synchronous appends (a line is in the kernel before a crash point can
// kill the process), size rotation, and a failed write dropped, counted and reported later.
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from './clock';
import type { LogEventAt, LogEventId, LogLevel } from './log-events';

export type { LogEventAt, LogEventId, LogLevel } from './log-events';

export type LogFields = Record<string, unknown>;

/** The methods take only catalogued ids of their level: a misspelt or uncatalogued id is a type error. */
export interface Logger {
  log<L extends LogLevel>(level: L, event: LogEventAt<NoInfer<L>>, fields?: LogFields): void;
  info(event: LogEventAt<'info'>, fields?: LogFields): void;
  warn(event: LogEventAt<'warn'>, fields?: LogFields): void;
  error(event: LogEventAt<'error'>, fields?: LogFields): void;
  child(fields: LogFields): Logger;
  close(): void;
}

/** The file the core logs to, in `<data>/logs`; the supervisor's diagnostic bundle reads the folder. */
export const LOG_FILE_NAME = 'catd.log';
/** catd.log is renamed catd.log.1 once the next line would take it past this size. */
export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;
/**
 * Rotated files kept (catd.log.1 newest … catd.log.5 oldest): with catd.log, at most 60 MB, days of
 * a busy election night at a few MB a day.
 */
export const LOG_FILES_KEPT = 5;

interface Sink {
  write(line: string): void;
  close(): void;
}

type Format = (level: LogLevel, event: LogEventId, fields: LogFields) => string;

function formatter(clock: Pick<Clock, 'now'>): Format {
  return (level, event, fields) => {
    const record = { t: clock.now().toISOString(), level, event, ...fields };
    try {
      return JSON.stringify(record) + '\n';
    } catch {
      // A BigInt or a cycle in a field is the caller's slip, not a reason to lose the event.
      try {
        return JSON.stringify(record, tolerantReplacer()) + '\n';
      } catch (err) {
        // A field whose toJSON throws: the event and when still say what happened.
        return JSON.stringify({ t: record.t, level, event, unloggable: codeOf(err) }) + '\n';
      }
    }
  };
}

function tolerantReplacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return (_key, value) => {
    if (typeof value === 'bigint') return value.toString();
    if (value !== null && typeof value === 'object') {
      if (seen.has(value)) return '[cycle]';
      seen.add(value);
    }
    return value;
  };
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(err);
}

/**
 * Appends to `<dir>/catd.log`, renaming it aside by size. Never throws: a failed write (disk
 * full, read-only file system) drops the line and closes the file, so the next line reopens it
 * (a remounted disk then works again); the first line that gets through afterwards is preceded by
 * a `log-lines-dropped` line with the count.
 */
class RotatingFile implements Sink {
  private fd: number | null = null;
  private size = 0;
  private dropped = 0;
  private lastError = '';
  /** A line cut short could not be taken back: the next write starts on a new line. */
  private torn = false;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly keep: number,
    private readonly format: Format,
  ) {
    try {
      this.open();
    } catch (err) {
      this.lastError = codeOf(err);
    }
  }

  private get file(): string {
    return path.join(this.dir, LOG_FILE_NAME);
  }

  private open(): number {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'a', 0o600);
    } catch (err) {
      if (codeOf(err) !== 'ENOENT') throw err;
      // No folder yet (first start, or removed by hand): made owner-only, like the data folder.
      makeFolder(this.dir);
      fd = fs.openSync(this.file, 'a', 0o600);
    }
    this.fd = fd;
    this.size = fs.fstatSync(fd).size;
    return fd;
  }

  write(line: string): void {
    try {
      if (this.fd === null) this.open();
      if (this.size > 0 && this.size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
      const fd = this.fd ?? this.open();
      if (this.torn) this.writeAll(fd, '\n');
      if (this.dropped > 0) {
        this.writeAll(
          fd,
          this.format('warn', 'log-lines-dropped', { dropped: this.dropped, error: this.lastError }),
        );
        this.dropped = 0;
      }
      this.writeAll(fd, line);
    } catch (err) {
      this.dropped++;
      this.lastError = codeOf(err);
      this.closeQuietly();
    }
  }

  /** writeSync may write part of a buffer (the disk filled mid-line): write the rest or throw. */
  private writeAll(fd: number, text: string): void {
    const bytes = Buffer.from(text);
    let off = 0;
    try {
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (err) {
      if (off > 0) this.takeBack(fd, off);
      throw err;
    }
    this.size += off;
    this.torn = false;
  }

  /**
   * A line cut short by a full disk is truncated away (truncating needs no space), so every line
   * in the file parses; if even that fails, the next write starts on a new line.
   */
  private takeBack(fd: number, written: number): void {
    try {
      fs.ftruncateSync(fd, this.size);
    } catch {
      this.size += written;
      this.torn = true;
    }
  }

  /**
   * catd.log.(k-1) → catd.log.k … catd.log → catd.log.1; each rename replaces its target, so the
   * oldest goes without a separate delete. If a rename fails the line goes to the current file,
   * past the limit (a long file beats a lost line), and the next line tries again.
   */
  private rotate(): void {
    this.closeQuietly();
    let rotated = false;
    try {
      for (let i = this.keep - 1; i >= 1; i--) renameIfThere(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      fs.renameSync(this.file, `${this.file}.1`);
      rotated = true;
    } catch {
      // Reopened below as it is.
    }
    const fd = this.open();
    if (rotated) {
      // A line torn in the old file stays there; the new one starts clean.
      this.torn = false;
      this.writeAll(fd, this.format('info', 'log-rotated', { maxBytes: this.maxBytes, keep: this.keep }));
    }
  }

  private closeQuietly(): void {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // The descriptor is released even when close reports a deferred write error.
    }
    this.fd = null;
  }

  close(): void {
    this.closeQuietly();
  }
}

/** mkdir -p, but with the real cause when it fails: a recursive mkdir says ENOENT for EROFS. */
function makeFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if (codeOf(err) === 'EEXIST') return;
    if (codeOf(err) !== 'ENOENT') throw err;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (err) {
    if (codeOf(err) !== 'ENOENT') throw err;
  }
}

function makeLogger(sink: Sink, format: Format, base: LogFields): Logger {
  const log = (level: LogLevel, event: LogEventId, fields: LogFields = {}) => {
    sink.write(format(level, event, { ...base, ...fields }));
  };
  return {
    log,
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
    child: (fields) => makeLogger(sink, format, { ...base, ...fields }),
    close: () => sink.close(),
  };
}

export interface FileLoggerOptions {
  /** Dates each line; the core passes its injected clock. */
  clock?: Pick<Clock, 'now'>;
  maxBytes?: number;
  keep?: number;
}

const wallClock: Pick<Clock, 'now'> = { now: () => new Date() };

/** Logs to `<dir>/catd.log` (append, owner-only), rotated by size; writing never throws. */
export function createFileLogger(dir: string, opts: FileLoggerOptions = {}): Logger {
  const format = formatter(opts.clock ?? wallClock);
  const keep = Math.max(1, opts.keep ?? LOG_FILES_KEPT);
  return makeLogger(new RotatingFile(dir, opts.maxBytes ?? LOG_FILE_MAX_BYTES, keep, format), format, {});
}

/** For tests: keeps lines in memory. */
export function createMemoryLogger(
  opts: { clock?: Pick<Clock, 'now'> } = {},
): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const format = formatter(opts.clock ?? wallClock);
  const logger = makeLogger(
    { write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>), close: () => {} },
    format,
    {},
  );
  return Object.assign(logger, { lines });
}
