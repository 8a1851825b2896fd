// Structured logs: one JSON object per line with a stable event id from ./log-events, so a
// supervisor can export them and an engineer can grep them. Secrets (tokens, PINs) are never
// passed to the logger.
import fs from 'node:fs';
import path from 'node:path';
import type { LogEventAt, LogEventId, LogLevel } from './log-events';

export type { LogEventAt, LogEventId, LogLevel } from './log-events';

/** The methods take only catalogued ids of their level: a misspelt or uncatalogued id is a type error. */
export interface Logger {
  log<L extends LogLevel>(level: L, event: LogEventAt<NoInfer<L>>, fields?: Record<string, unknown>): void;
  info(event: LogEventAt<'info'>, fields?: Record<string, unknown>): void;
  warn(event: LogEventAt<'warn'>, fields?: Record<string, unknown>): void;
  error(event: LogEventAt<'error'>, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
  close(): void;
}

interface Sink {
  write(line: string): void;
  close(): void;
}

function fileSink(dir: string): Sink {
  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(path.join(dir, 'catd.log'), 'a', 0o600);
  return {
    write: (line) => fs.writeSync(fd, line),
    close: () => fs.closeSync(fd),
  };
}

function makeLogger(sink: Sink, base: Record<string, unknown>): Logger {
  const log = (level: LogLevel, event: LogEventId, fields: Record<string, unknown> = {}) => {
    sink.write(JSON.stringify({ t: new Date().toISOString(), level, event, ...base, ...fields }) + '\n');
  };
  return {
    log,
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
    child: (fields) => makeLogger(sink, { ...base, ...fields }),
    close: () => sink.close(),
  };
}

/** Logs to `<dir>/catd.log` (append, owner-only). */
export function createFileLogger(dir: string): Logger {
  return makeLogger(fileSink(dir), {});
}

/** For tests: keeps lines in memory. */
export function createMemoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = makeLogger(
    { write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>), close: () => {} },
    {},
  );
  return Object.assign(logger, { lines });
}
