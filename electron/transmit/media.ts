// Removable media, the last resort when both links are down: a supervisor exports the pending
// actas to a folder on a USB drive in the same signed format the links carry (manifests signed
// at enqueue, images named by SHA-256, an index signed by the station). The folder is written
// under a hidden temporary name, asynchronously (media-fs.ts), fsynced, renamed, then read back
// and checked before it is reported done. The central imports it (`catd central import DIR`) and writes receipts.json beside it;
// brought back, those receipts close the actas here exactly as a link's receipts would.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { setImmediate } from 'node:timers/promises';
import path from 'node:path';
import { canonicalJson } from '../platform/canonical-json';
import { signBytes, verifyBytes } from '../platform/signing';
import type { StationKey } from '../security/station-key';
import type { Clock } from '../platform/clock';
import { sha256File, sha256Hex, sha256HexAsync } from '../platform/hash';
import { nodeMediaFs, writeMediaFile, type MediaFs } from './media-fs';
import { err, ok, type Result } from '../platform/result';
import {
  MEDIA_BLOBS_DIR,
  MEDIA_FORMAT,
  MEDIA_INDEX_FILE,
  MEDIA_MANIFESTS_DIR,
  MEDIA_RECEIPTS_FILE,
  MediaEntrySchema,
  MediaReceiptsSchema,
  SignedMediaIndexSchema,
  type MediaEntry,
  type MediaIndex,
} from '../../shared/intake';
import type { Outbox } from './outbox';
import { checkReceipt } from './protocol';

/** Actas marked exported per transaction (≈8 ms each on the 2-core reference machine). */
const MARK_EXPORTED_BATCH = 25;

export interface MediaProgress {
  phase: 'write' | 'verify';
  done: number;
  total: number;
}

export interface MediaExport {
  /** The export folder on the drive. */
  folder: string;
  actas: number;
  bytes: number;
}

export type ExportErrorCode = 'nothingPending' | 'write' | 'verify' | 'cancelled';
export interface ExportError {
  code: ExportErrorCode;
  messageKey: `media.error.${ExportErrorCode}`;
  /** What failed (a file, a check), for the audit log. */
  detail: string;
}

export type ExportResult = Result<MediaExport, ExportError>;

function exportFailed(code: ExportErrorCode, detail: string): ExportResult {
  return err({ code, messageKey: `media.error.${code}`, detail });
}

export interface ExportOptions {
  stationId: string;
  key: StationKey;
  clock: Clock;
  onProgress?: (p: MediaProgress) => void;
  /** Cancels the export: nothing is left on the drive and every acta stays pending. */
  signal?: AbortSignal;
  /** The drive's file operations (a test stands in a slow or failing one). */
  fs?: MediaFs;
  /**
   * Where the station keeps a scanned page by its SHA-256. Given, a page that travels as a lighter
   * copy (transmit.profile) also puts its original on the drive: the evidence reaches the central
   * by hand even when the links carried only the copy.
   */
  scanPath?: (sha256: string) => string;
}

/**
 * Exports every pending acta free to leave to a new folder under `targetDir` (the USB drive's
 * mount point). A held or annulled acta stays behind: a drive must not carry what a supervisor
 * stopped. Asynchronous throughout: the core keeps serving while a slow stick is written.
 *
 * Nothing half-written can count: every file goes into a hidden `.NAME.partial` folder (the
 * central's import never reads a dot-folder) and is fsynced; the signed index that makes the
 * folder importable is written last; only then is the folder renamed into view. A cancelled or
 * failed export removes the partial folder; one interrupted by a power cut leaves only that
 * hidden folder, which no import accepts and the next export of this station to the drive removes.
 */
export async function exportToMedia(
  outbox: Outbox,
  targetDir: string,
  opts: ExportOptions,
): Promise<ExportResult> {
  const mfs = opts.fs ?? nodeMediaFs;
  const signal = opts.signal;
  const entries = outbox.sendable();
  if (entries.length === 0) return exportFailed('nothingPending', '');
  const at = opts.clock.now();
  const name = `catd-${opts.stationId}-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
  const final = path.join(targetDir, name);
  const temp = path.join(targetDir, `.${name}.partial`);
  const blobs = new Map<string, { path: string; size: number }>();
  for (const e of entries) {
    for (const img of e.images) blobs.set(img.sha256, { path: img.path, size: img.size });
    if (opts.scanPath)
      for (const m of e.signed.manifest.images)
        if (m.original)
          blobs.set(m.original.sha256, { path: opts.scanPath(m.original.sha256), size: m.original.size });
  }
  const total = blobs.size + entries.length;
  let done = 0;
  let bytes = 0;
  try {
    // What an export of this station cut short by a power cut left behind: never importable, removed.
    for (const stale of await fsp.readdir(targetDir).catch(() => [] as string[]))
      if (stale.startsWith(`.catd-${opts.stationId}-`) && stale.endsWith('.partial'))
        await mfs.remove(path.join(targetDir, stale));
    await mfs.mkdir(path.join(temp, MEDIA_BLOBS_DIR));
    await mfs.mkdir(path.join(temp, MEDIA_MANIFESTS_DIR));
    for (const [sha, b] of blobs) {
      signal?.throwIfAborted();
      const data = await fsp.readFile(b.path);
      // Copy only what still is what was fingerprinted: a changed image would be refused centrally.
      if ((await sha256HexAsync(data)) !== sha) throw new Error(`${b.path}: transmit.error.imageChanged`);
      await writeMediaFile(mfs, path.join(temp, MEDIA_BLOBS_DIR, sha), data, signal);
      bytes += data.length;
      opts.onProgress?.({ phase: 'write', done: ++done, total });
    }
    for (const e of entries) {
      signal?.throwIfAborted();
      const entry: MediaEntry = { idempotencyKey: e.idempotencyKey, signed: e.signed };
      await writeMediaFile(
        mfs,
        path.join(temp, MEDIA_MANIFESTS_DIR, `${e.idempotencyKey}.json`),
        Buffer.from(JSON.stringify(entry)),
        signal,
      );
      opts.onProgress?.({ phase: 'write', done: ++done, total });
    }
    signal?.throwIfAborted();
    const index: MediaIndex = {
      format: MEDIA_FORMAT,
      stationId: opts.stationId,
      exportedAt: at.toISOString(),
      entries: entries.map((e) => ({ idempotencyKey: e.idempotencyKey, manifestSha256: e.manifestSha256 })),
    };
    const signature = signBytes(opts.key, Buffer.from(canonicalJson(index)));
    await mfs.syncDir(path.join(temp, MEDIA_BLOBS_DIR));
    await mfs.syncDir(path.join(temp, MEDIA_MANIFESTS_DIR));
    await writeMediaFile(
      mfs,
      path.join(temp, MEDIA_INDEX_FILE),
      Buffer.from(JSON.stringify({ index, signature }, null, 1)),
      signal,
    );
    await mfs.syncDir(temp);
    signal?.throwIfAborted();
    await mfs.rename(temp, final);
    await mfs.syncDir(targetDir);
  } catch (e) {
    await mfs.remove(temp).catch(() => undefined);
    if (signal?.aborted) return exportFailed('cancelled', '');
    return exportFailed('write', String((e as Error).message));
  }
  const v = await verifyMediaFolder(final, opts.key.publicKeyPem, (d, t) =>
    opts.onProgress?.({ phase: 'verify', done: d, total: t }),
  );
  if (!v.ok) return exportFailed('verify', v.error);
  // In batches with the loop turning between them: 500 actas' audit entries in one transaction
  // hold the core ≈150 ms. A cut between batches leaves some actas unmarked, which is harmless:
  // the drive is complete and the central counts every acta once however it arrives.
  const ids = entries.map((e) => e.id);
  for (let i = 0; i < ids.length; i += MARK_EXPORTED_BATCH) {
    outbox.markExported(ids.slice(i, i + MARK_EXPORTED_BATCH), final);
    await setImmediate();
  }
  return ok({ folder: final, actas: entries.length, bytes });
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await fsp.readFile(file, 'utf8'));
}

/**
 * Reads an export folder back: index signature, every manifest against the index, every image
 * hash. The number of actas in it, or what failed the check.
 */
export async function verifyMediaFolder(
  folder: string,
  stationPublicKeyPem: string,
  onProgress?: (done: number, total: number) => void,
): Promise<Result<number, string>> {
  try {
    const signed = SignedMediaIndexSchema.safeParse(await readJson(path.join(folder, MEDIA_INDEX_FILE)));
    if (!signed.success) return err('index');
    if (
      !verifyBytes(stationPublicKeyPem, Buffer.from(canonicalJson(signed.data.index)), signed.data.signature)
    )
      return err('index signature');
    const entries = signed.data.index.entries;
    const shas = new Set<string>();
    const manifests: MediaEntry[] = [];
    for (const e of entries) {
      const m = MediaEntrySchema.safeParse(
        await readJson(path.join(folder, MEDIA_MANIFESTS_DIR, `${e.idempotencyKey}.json`)),
      );
      if (!m.success || m.data.idempotencyKey !== e.idempotencyKey)
        return err(`manifest ${e.idempotencyKey}`);
      const canonical = canonicalJson(m.data.signed.manifest);
      if (sha256Hex(canonical) !== e.manifestSha256) return err(`manifest hash ${e.idempotencyKey}`);
      if (!verifyBytes(stationPublicKeyPem, Buffer.from(canonical), m.data.signed.signature))
        return err(`manifest signature ${e.idempotencyKey}`);
      manifests.push(m.data);
      for (const img of m.data.signed.manifest.images) shas.add(img.sha256);
    }
    const total = shas.size + manifests.length;
    let done = manifests.length;
    onProgress?.(done, total);
    for (const sha of shas) {
      if ((await sha256File(path.join(folder, MEDIA_BLOBS_DIR, sha))) !== sha) return err(`blob ${sha}`);
      onProgress?.(++done, total);
    }
    return ok(entries.length);
  } catch (e) {
    return err(String((e as Error).message));
  }
}

export interface ApplyResult {
  applied: number;
  alreadyDelivered: number;
  unknown: number;
  invalid: number;
  refusedByCentral: Array<{ idempotencyKey: string; error: string }>;
}

/** Applies receipts.json written by the central's import (in `folder` or its export subfolders). */
export function applyMediaReceipts(
  outbox: Outbox,
  folder: string,
  centralKeyPem: string,
  stationId: string,
): ApplyResult {
  const result: ApplyResult = {
    applied: 0,
    alreadyDelivered: 0,
    unknown: 0,
    invalid: 0,
    refusedByCentral: [],
  };
  const files = fs.existsSync(path.join(folder, MEDIA_RECEIPTS_FILE))
    ? [path.join(folder, MEDIA_RECEIPTS_FILE)]
    : fs
        .readdirSync(folder, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => path.join(folder, d.name, MEDIA_RECEIPTS_FILE))
        .filter((f) => fs.existsSync(f));
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      result.invalid++;
      continue;
    }
    const parsed = MediaReceiptsSchema.safeParse(raw);
    if (!parsed.success) {
      result.invalid++;
      continue;
    }
    result.refusedByCentral.push(...parsed.data.refused);
    for (const r of parsed.data.receipts) {
      const entry = outbox.byIdempotencyKey(r.receipt.idempotencyKey);
      if (!entry) {
        result.unknown++;
        continue;
      }
      const check = checkReceipt(r, centralKeyPem, {
        idempotencyKey: entry.idempotencyKey,
        manifestSha256: entry.manifestSha256,
        stationId,
        actaKey: entry.actaKey,
        images: entry.signed.manifest.images,
      });
      if (!check.ok) {
        result.invalid++;
        continue;
      }
      if (outbox.deliver(entry.id, null, check.value, 'media')) result.applied++;
      else result.alreadyDelivered++;
    }
  }
  return result;
}
