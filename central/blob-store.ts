// The central's images, content-addressed behind one interface: a blob is named by the SHA-256 of
// its bytes, put whole or built from chunks at their offsets (a resumable upload), sealed only
// when its bytes hash to its name, read back as a stream. The database records which blobs are
// sealed (store.ts, table blobs); this interface holds the bytes. The first implementation keeps
// them as files in the data folder, which several intake nodes share over a shared file system;
// object storage (S3-compatible) is the next one (docs/central-storage.md).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fsyncDirAsync, writeFileAtomicAsync } from '../electron/platform/durable-files';
import { sha256File, sha256Hex } from '../electron/platform/hash';

export type SealOutcome =
  /** The blob is whole under its name (sealed now, or by another process a moment before). */
  | 'sealed'
  /** The bytes do not hash to the name: the unfinished upload was dropped. */
  | 'mismatch'
  /** No unfinished upload to seal (another process sealed or dropped it a moment before). */
  | 'gone';

export interface CentralBlobStore {
  /** Size of the sealed blob, or null when it is not (whole) here. */
  size(sha256: string): Promise<number | null>;
  /** The sealed blob's bytes, as a stream of chunks. */
  get(sha256: string): Readable;
  /** Stores a whole blob after checking its bytes hash to its name; false (nothing stored) if not. */
  /** `hashed`: the caller already checked that `bytes` hash to `sha256` (an image is megabytes). */
  put(sha256: string, bytes: Buffer, hashed?: boolean): Promise<boolean>;
  /** How many bytes of an unfinished upload are held (0: none). */
  partialSize(sha256: string): Promise<number>;
  /** Writes (durably) one chunk of an unfinished upload at its offset. */
  writePartial(sha256: string, offset: number, bytes: Buffer): Promise<void>;
  /** Hashes the whole unfinished upload; if it matches its name, makes it the sealed blob. */
  seal(sha256: string): Promise<SealOutcome>;
  /** Drops an unfinished upload (expired, or refused). */
  dropPartial(sha256: string): Promise<void>;
  /** Unfinished uploads held, with when each was last written (ms since the epoch). */
  partials(): Promise<Array<{ sha256: string; touchedAtMs: number }>>;
}

/**
 * Blobs as files: `blobs/<first two hex>/<sha256>`, unfinished uploads as `partial/<sha256>`.
 * Chunks are written at their offset (pwrite) and fsynced, so two processes receiving the same
 * verified chunk write the same bytes to the same place; sealing renames the partial into place
 * and fsyncs both folders.
 */
export class FileBlobStore implements CentralBlobStore {
  private readonly blobsDir: string;
  private readonly partialDir: string;

  constructor(dataDir: string) {
    this.blobsDir = path.join(dataDir, 'blobs');
    this.partialDir = path.join(dataDir, 'partial');
    fs.mkdirSync(this.blobsDir, { recursive: true });
    fs.mkdirSync(this.partialDir, { recursive: true });
  }

  /** The file of a sealed blob: for tools and tests on this implementation only. */
  file(sha256: string): string {
    return path.join(this.blobsDir, sha256.slice(0, 2), sha256);
  }

  private partialFile(sha256: string): string {
    return path.join(this.partialDir, sha256);
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await fsp.stat(this.file(sha256))).size;
    } catch {
      return null;
    }
  }

  get(sha256: string): Readable {
    return fs.createReadStream(this.file(sha256));
  }

  async put(sha256: string, bytes: Buffer, hashed = false): Promise<boolean> {
    if (!hashed && sha256Hex(bytes) !== sha256) return false;
    await writeFileAtomicAsync(this.file(sha256), bytes, 0o600);
    return true;
  }

  async partialSize(sha256: string): Promise<number> {
    try {
      return (await fsp.stat(this.partialFile(sha256))).size;
    } catch {
      return 0;
    }
  }

  // Asynchronous, as the rest of the hot path: an fsync must not stall the intake's other requests.
  async writePartial(sha256: string, offset: number, bytes: Buffer): Promise<void> {
    const h = await fsp.open(this.partialFile(sha256), fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o600);
    try {
      await h.write(bytes, 0, bytes.length, offset);
      await h.sync();
    } finally {
      await h.close();
    }
  }

  async seal(sha256: string): Promise<SealOutcome> {
    const partial = this.partialFile(sha256);
    let actual: string;
    try {
      actual = await sha256File(partial);
    } catch {
      // Another process sealed it first (renamed the partial away), or dropped it.
      return 'gone';
    }
    if (actual !== sha256) {
      await fsp.rm(partial, { force: true });
      return 'mismatch';
    }
    const final = this.file(sha256);
    await fsp.mkdir(path.dirname(final), { recursive: true });
    try {
      await fsp.rename(partial, final);
      await Promise.all([fsyncDirAsync(path.dirname(final)), fsyncDirAsync(path.dirname(partial))]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !fs.existsSync(final)) throw err;
    }
    return 'sealed';
  }

  async dropPartial(sha256: string): Promise<void> {
    fs.rmSync(this.partialFile(sha256), { force: true });
  }

  async partials(): Promise<Array<{ sha256: string; touchedAtMs: number }>> {
    let names: string[];
    try {
      names = fs.readdirSync(this.partialDir);
    } catch {
      return [];
    }
    const out: Array<{ sha256: string; touchedAtMs: number }> = [];
    for (const name of names) {
      try {
        out.push({ sha256: name, touchedAtMs: fs.statSync(this.partialFile(name)).mtimeMs });
      } catch {
        /* gone meanwhile */
      }
    }
    return out;
  }
}
