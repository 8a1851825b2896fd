// A real core whose data folder lives on a small tmpfs the test mounts, fills, enlarges and flips
// read-only (we are root on these machines and in CI). Plus the checks that nothing stored was
// damaged: SQLite's integrity_check, every page row's file and its SHA-256, the audit chain.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../../helpers/core';
import { TEMP_PREFIX } from '../../../../electron/capture/store/blob-store';
import { sha256Hex } from '../../../../electron/platform/hash';
import { formatActaKeyLabel } from '../../../../shared/acta-key';
import { key, operator } from '../../workflow/fixture';

const MB = 1024 * 1024;

export type Mount = { ok: true; dir: string } | { ok: false; reason: string; dir: string };

function run(args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
}

function stderrOf(err: unknown): string {
  const e = err as { stderr?: Buffer; message?: string };
  return (e.stderr?.toString().trim() || e.message) ?? String(err);
}

/** Mounts a tmpfs of `sizeMb` on a fresh folder; a machine that cannot says why (the test skips). */
export function mountTmpfs(sizeMb: number): Mount {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-disk-'));
  if (process.platform !== 'linux') return { ok: false, dir, reason: `needs Linux (${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, dir, reason: 'needs root to mount a tmpfs' };
  try {
    run(['mount', '-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir]);
    return { ok: true, dir };
  } catch (err) {
    return { ok: false, dir, reason: `mount failed: ${stderrOf(err)}` };
  }
}

export function remount(dir: string, options: string): void {
  run(['mount', '-o', `remount,${options}`, dir]);
}

/** Unmounts (lazily if something still holds it) and removes the folder; never throws. */
export function unmount(dir: string): void {
  for (const args of [
    ['umount', dir],
    ['umount', '-l', dir],
  ]) {
    try {
      run(args);
      break;
    } catch {
      /* try the next way */
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

export function freeBytes(dir: string): number {
  const st = fs.statfsSync(dir);
  return st.bavail * st.bsize;
}

/** Writes a filler file so that about `leaveBytes` stay free (what another program filling the disk does). */
export function fillDisk(dir: string, leaveBytes: number, name = 'relleno.bin'): void {
  const size = Math.max(0, freeBytes(dir) - leaveBytes);
  const fd = fs.openSync(path.join(dir, name), 'a');
  try {
    const chunk = Buffer.alloc(MB, 0x5a);
    for (let left = size; left > 0; left -= chunk.length)
      fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The station's thresholds scaled to an 8 MB disk: a warning below 1 MB free, scans refused below
 * 64 KB. The simulated scanner feeds one clean acta sheet per scan, at once.
 */
export const SMALL_DISK_CONFIG = {
  storage: { warnFreeBytes: MB, warnFreePercent: 0, minFreeBytes: 64 * 1024, sampleIntervalMs: 200 },
  devices: { scanner: { driver: 'simulated', pageDelayMs: 0, defectRate: 0 } },
};

export interface DiskStation {
  st: TestStation;
  cookie: string;
  /** Receives an acta (key read by the reader) and returns its id and version. */
  receive(seccion: number): { id: number; version: number };
  /** Scans through the RPC, as the screen does. */
  scan(actaId: number): Promise<{ status: number; body: any }>;
  version(actaId: number): number;
}

export async function startDiskStation(dataDir: string): Promise<DiskStation> {
  const st = await startTestStation({ dataDir, config: SMALL_DISK_CONFIG });
  const cookie = await sessionCookie(st.core);
  const op = st.core.demoAccounts!.find((a) => a.role === 'operador')!;
  const login = await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: op.id, pin: op.pin });
  expect(login.status).toBe(200);
  const { workflow } = st.core.services;
  return {
    st,
    cookie,
    receive(seccion) {
      const r = workflow.receive({ keyText: formatActaKeyLabel(key(seccion)), source: 'reader' }, operator);
      return { id: r.acta.id, version: r.acta.version };
    },
    scan: (actaId) =>
      rpc(st.core, cookie, 'mutation', 'actas.scan', { actaId, version: workflow.get(actaId).acta.version }),
    version: (actaId) => workflow.get(actaId).acta.version,
  };
}

/** Nothing stored is damaged: database sound, every page row's file whole, audit chain unbroken. */
export async function expectIntact(st: TestStation): Promise<{ pages: number; auditEntries: number }> {
  const { db, audit, blobs } = st.core.services;
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const rows = db.prepare<[], { sha256: string; size: number }>('SELECT sha256, size FROM acta_pages').all();
  for (const r of rows) {
    const bytes = fs.readFileSync(blobs.pathFor(r.sha256));
    expect(bytes.length).toBe(r.size);
    expect(sha256Hex(bytes)).toBe(r.sha256);
  }
  const verdict = audit.verify();
  expect(verdict).toMatchObject({ ok: true });
  // No temp file of an interrupted write is left behind.
  expect(fs.readdirSync(blobs.dir).filter((n) => n.startsWith(TEMP_PREFIX))).toEqual([]);
  return { pages: rows.length, auditEntries: verdict.entries };
}

/** Lets the storage cell take a fresh sample and returns what the status bar shows. */
export function storageCell(st: TestStation) {
  st.core.services.storage.sample();
  return st.core.services.status.current().devices.storage;
}

/**
 * What the operator's scan answer must be when storing failed: a fault carrying the storage key
 * (not a 500), no page, the acta back where it was, no system error text or stack leaking out.
 */
export function expectStorageFault(
  res: { status: number; body: any },
  error: string,
  leaked: RegExp,
  acta: Record<string, unknown> = { state: 'recibida', scanning: false, pageCount: 0 },
): void {
  expect(res.status).toBe(200);
  expect(res.body.result.data).toMatchObject({ kind: 'fault', error, acta, pages: [] });
  expect(JSON.stringify(res.body)).not.toMatch(leaked);
}
