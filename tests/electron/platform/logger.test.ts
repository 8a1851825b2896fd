// The core's log file: JSON lines dated by the injected clock, rotated by size into owner-only
// files, and a disk that fills up or turns read-only never makes a log call throw: the lines that
// could not be written are counted and reported once writing works again. The disk cases run on a
// real tmpfs of 64 KB (we are root on these machines and in CI; elsewhere they skip and say why).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/platform/clock';
import { createFileLogger, createMemoryLogger, LOG_FILE_NAME } from '../../../electron/platform/logger';
import { tempDir } from '../../helpers/temp';

type Line = Record<string, unknown>;

function readLines(file: string): Line[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

describe('the log file', () => {
  it('writes one JSON object per line, dated by the injected clock, with the child fields', () => {
    const dir = path.join(tempDir(), 'logs');
    const clock = new ManualClock('2024-06-02T23:59:58.000Z');
    const log = createFileLogger(dir, { clock });
    log.info('core-init', { station: 'E-01' });
    clock.advance(1_500);
    log.child({ part: 'links' }).warn('heartbeat-failed', { link: 'primario', status: 503 });
    log.close();
    const file = path.join(dir, LOG_FILE_NAME);
    expect(readLines(file)).toEqual([
      { t: '2024-06-02T23:59:58.000Z', level: 'info', event: 'core-init', station: 'E-01' },
      {
        t: '2024-06-02T23:59:59.500Z',
        level: 'warn',
        event: 'heartbeat-failed',
        part: 'links',
        link: 'primario',
        status: 503,
      },
    ]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('keeps a line whose fields JSON cannot hold (a BigInt, a cycle, a throwing toJSON) instead of throwing', () => {
    const log = createMemoryLogger();
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(() => log.error('rpc-error', { size: 2n ** 70n, cyclic })).not.toThrow();
    expect(log.lines[0]).toMatchObject({ event: 'rpc-error', size: '1180591620717411303424' });
    expect(log.lines[0]!.cyclic).toEqual({ name: 'a', self: '[cycle]' });
    const hostile = {
      toJSON: () => {
        throw new Error('no');
      },
    };
    expect(() => log.warn('no-operators', { hostile })).not.toThrow();
    expect(log.lines[1]).toMatchObject({ event: 'no-operators', unloggable: 'Error: no' });
  });

  it('rotates by size: catd.log.1 is the newest, only `keep` are kept, every file owner-only', () => {
    const dir = tempDir();
    const maxBytes = 2_000;
    const log = createFileLogger(dir, { maxBytes, keep: 3 });
    for (let seq = 0; seq < 200; seq++) log.info('acta-enqueued', { actaId: seq, outboxId: seq });
    log.close();

    const names = fs.readdirSync(dir).sort();
    expect(names).toEqual(['catd.log', 'catd.log.1', 'catd.log.2', 'catd.log.3']);
    for (const n of names) {
      const st = fs.statSync(path.join(dir, n));
      expect(st.size, n).toBeLessThanOrEqual(maxBytes);
      expect(st.mode & 0o777, n).toBe(0o600);
    }
    // Oldest to newest, the kept files hold an unbroken run of the latest lines, each file
    // after the first opening with the rotation note.
    const files = ['catd.log.3', 'catd.log.2', 'catd.log.1', 'catd.log'].map((n) =>
      readLines(path.join(dir, n)),
    );
    for (const lines of files.slice(1))
      expect(lines[0]).toMatchObject({ event: 'log-rotated', maxBytes, keep: 3 });
    const seqs = files.flat().flatMap((l) => (l.event === 'acta-enqueued' ? [l.actaId as number] : []));
    expect(seqs.at(-1)).toBe(199);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(seqs[0]).toBeGreaterThan(0);
  });

  it('carries on appending to an existing catd.log across restarts, counting its size', () => {
    const dir = tempDir();
    const first = createFileLogger(dir, { maxBytes: 1_000 });
    for (let i = 0; i < 5; i++) first.info('core-stop');
    first.close();
    const second = createFileLogger(dir, { maxBytes: 1_000 });
    for (let i = 0; i < 10; i++) second.info('core-stop');
    second.close();
    const kept = [...readLines(path.join(dir, 'catd.log.1')), ...readLines(path.join(dir, 'catd.log'))];
    expect(kept.filter((l) => l.event === 'core-stop')).toHaveLength(15);
    expect(fs.statSync(path.join(dir, 'catd.log.1')).size).toBeLessThanOrEqual(1_000);
  });
});

// ─── a real disk that fills up, and one that is read-only ─────────────────────────────────────

function mountSmallTmpfs(options: string): { dir: string; skip: string | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-log-disk-'));
  if (process.platform !== 'linux') return { dir, skip: `needs Linux (${process.platform})` };
  if (process.getuid?.() !== 0) return { dir, skip: 'needs root to mount a tmpfs' };
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=64k,mode=0700,${options}`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
    return { dir, skip: null };
  } catch (err) {
    return { dir, skip: `mount failed: ${String((err as { stderr?: Buffer }).stderr ?? err)}` };
  }
}

const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted.splice(0)) {
    for (const args of [
      ['umount', dir],
      ['umount', '-l', dir],
    ]) {
      try {
        execFileSync(args[0]!, args.slice(1), { stdio: 'pipe' });
        break;
      } catch {
        // try the lazy unmount next
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function fill(dir: string): void {
  const fd = fs.openSync(path.join(dir, 'relleno.bin'), 'w');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(4096, 0x5a));
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
}

const full = mountSmallTmpfs('rw');
const readOnly = mountSmallTmpfs('ro');
for (const m of [full, readOnly]) {
  if (m.skip) console.warn(`logger disk tests skipped: ${m.skip}`);
  else mounted.push(m.dir);
}

describe.skipIf(full.skip !== null)('a full disk', () => {
  it('never throws into the caller, and reports the dropped lines once space is freed', () => {
    const dir = path.join(full.dir, 'logs');
    const log = createFileLogger(dir);
    log.info('core-init');
    fill(full.dir);
    // Lines long enough that one is cut where the disk ends (tmpfs grants whole pages).
    const pad = 'x'.repeat(700);
    let threw = 0;
    for (let i = 0; i < 50; i++) {
      try {
        log.warn('capture-paused', { i, pad });
      } catch {
        threw++;
      }
    }
    expect(threw).toBe(0);

    fs.rmSync(path.join(full.dir, 'relleno.bin'));
    log.info('core-stop');
    log.close();
    // Every line parses (a line torn by the full disk was ended before the next), the drop is
    // reported with its count and cause, and the line after it is there.
    const lines = readLines(path.join(dir, LOG_FILE_NAME));
    const paused = lines.filter((l) => l.event === 'capture-paused').length;
    const report = lines.find((l) => l.event === 'log-lines-dropped');
    expect(report).toMatchObject({ level: 'warn', error: 'ENOSPC' });
    expect(paused + (report!.dropped as number)).toBe(50);
    expect(lines.at(-1)).toMatchObject({ event: 'core-stop' });
  });

  it('does not crash the process either (no stray error event)', async () => {
    const dir = path.join(full.dir, 'logs');
    const log = createFileLogger(dir);
    fill(full.dir);
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      for (let i = 0; i < 20; i++) log.error('rpc-error', { i, pad: 'y'.repeat(500) });
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('uncaughtException', onUncaught);
      log.close();
    }
    expect(uncaught).toEqual([]);
  });
});

describe.skipIf(readOnly.skip !== null)('a read-only disk', () => {
  it('starts and logs without throwing, and writes again once the disk is writable', () => {
    const dir = path.join(readOnly.dir, 'logs');
    let log!: ReturnType<typeof createFileLogger>;
    expect(() => {
      log = createFileLogger(dir);
      log.info('core-init');
      log.warn('no-operators');
    }).not.toThrow();
    expect(fs.existsSync(dir)).toBe(false);

    execFileSync('mount', ['-o', 'remount,rw', readOnly.dir], { stdio: 'pipe' });
    log.info('core-complete', { port: 1 });
    log.close();
    expect(readLines(path.join(dir, LOG_FILE_NAME))).toMatchObject([
      { event: 'log-lines-dropped', level: 'warn', dropped: 2, error: 'EROFS' },
      { event: 'core-complete', port: 1 },
    ]);
  });
});
