// The few file operations an export to removable media makes, asynchronous and in bounded
// chunks: a USB stick can take seconds per megabyte, and the core (UPS polling, status streams,
// the transmitter) must keep answering while it writes. Injected so a test can stand in a slow
// drive (each write and fsync delayed) or one pulled out mid-way (a write that fails).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { fsyncDirAsync } from '../platform/durable-files';

/** One write call's size: a slow stick takes a while per call, and the loop turns between calls. */
export const MEDIA_WRITE_CHUNK_BYTES = 256 * 1024;

export interface MediaFile {
  write(bytes: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface MediaFs {
  mkdir(dir: string): Promise<void>;
  /** Creates or truncates `file`, never through a symlink someone planted on the drive. */
  create(file: string): Promise<MediaFile>;
  syncDir(dir: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(p: string): Promise<void>;
}

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const WRITE_IN_PLACE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | NOFOLLOW;

export const nodeMediaFs: MediaFs = {
  mkdir: async (dir) => {
    await fsp.mkdir(dir, { recursive: true });
  },
  create: async (file) => {
    const h = await fsp.open(file, WRITE_IN_PLACE, 0o644);
    return {
      write: async (bytes) => {
        // A write may be short (a full or slow device): go on from where it stopped.
        for (let off = 0; off < bytes.length;) off += (await h.write(bytes, off)).bytesWritten;
      },
      sync: () => h.sync(),
      close: () => h.close(),
    };
  },
  syncDir: fsyncDirAsync,
  rename: (from, to) => fsp.rename(from, to),
  remove: (p) => fsp.rm(p, { recursive: true, force: true }),
};

/** Writes `bytes` to a new file in chunks and fsyncs it before it counts as written. */
export async function writeMediaFile(
  mfs: MediaFs,
  file: string,
  bytes: Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  const f = await mfs.create(file);
  try {
    for (let off = 0; off < bytes.length; off += MEDIA_WRITE_CHUNK_BYTES) {
      signal?.throwIfAborted();
      await f.write(bytes.subarray(off, off + MEDIA_WRITE_CHUNK_BYTES));
    }
    await f.sync();
  } finally {
    await f.close();
  }
}
