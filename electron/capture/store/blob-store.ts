// Content-addressed image store: a file named by the SHA-256 of its exact bytes (the acta's
// "código de integridad"). Written to a temp name, fsynced, renamed, the folder fsynced: after a
// crash a reader sees either the whole file or nothing under the final name. Temp leftovers are
// swept at start; files no database row knows are reported, never silently deleted.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { crashPoint } from '../../platform/crash-points';
import { fsyncDirAsync } from '../../platform/durable-files';
import { sha256Hex, sha256HexAsync } from '../../platform/hash';

const HASH_RE = /^[0-9a-f]{64}$/;
/** Temp files carry this prefix; nothing else in the folder may start with it. */
export const TEMP_PREFIX = '.tmp-';

export interface PutResult {
  sha256: string;
  path: string;
  /** false when the same bytes were already stored (content addressing makes puts idempotent). */
  created: boolean;
}

export interface SweepReport {
  /** Temp files from interrupted writes, removed. */
  removedTemp: string[];
  /** Blob files whose hash is not in the known set: reported for a supervisor, not deleted. */
  orphans: string[];
  /** Files that are neither blobs nor temps (left alone). */
  foreign: string[];
}

export class BlobStore {
  private seq = 0;

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  pathFor(sha256: string): string {
    if (!HASH_RE.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.dir, sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathFor(sha256));
  }

  async put(bytes: Uint8Array, knownSha256?: string): Promise<PutResult> {
    const sha256 = knownSha256 ?? (await sha256HexAsync(bytes));
    const final = this.pathFor(sha256);
    if (fs.existsSync(final)) return { sha256, path: final, created: false };
    const temp = path.join(this.dir, `${TEMP_PREFIX}${process.pid}-${Date.now()}-${this.seq++}`);
    // A full or read-only disk fails here as ENOSPC/EROFS (open, write, fsync or rename): the temp
    // file is removed and the error thrown, so nothing ever names a partial file.
    const h = await fsp.open(temp, 'wx', 0o600);
    try {
      try {
        await h.writeFile(bytes);
        crashPoint('blob.written');
        await h.sync();
      } finally {
        await h.close();
      }
      await fsp.rename(temp, final);
      crashPoint('blob.renamed');
    } catch (err) {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
    // After the rename the file is whole under its name; if the folder's fsync fails the error is
    // still thrown (no row will point at it; the start-up sweep reports it, bytes intact).
    await fsyncDirAsync(this.dir);
    return { sha256, path: final, created: true };
  }

  async read(sha256: string): Promise<Buffer> {
    return fsp.readFile(this.pathFor(sha256));
  }

  /** Re-hashes a stored file: true when its bytes still match its name. */
  async verify(sha256: string): Promise<boolean> {
    return sha256Hex(await this.read(sha256)) === sha256;
  }

  async sweep(knownHashes: ReadonlySet<string>): Promise<SweepReport> {
    const report: SweepReport = { removedTemp: [], orphans: [], foreign: [] };
    for (const name of await fsp.readdir(this.dir)) {
      if (name.startsWith(TEMP_PREFIX)) {
        await fsp.rm(path.join(this.dir, name), { force: true });
        report.removedTemp.push(name);
      } else if (HASH_RE.test(name)) {
        if (!knownHashes.has(name)) report.orphans.push(name);
      } else report.foreign.push(name);
    }
    if (report.removedTemp.length > 0) await fsyncDirAsync(this.dir);
    return report;
  }
}
