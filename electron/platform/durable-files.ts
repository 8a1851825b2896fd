// Writes that survive a power cut: a file is written under a temporary name, fsynced, renamed
// over its final name, and its folder fsynced, so after a crash a reader finds either the old
// content or the new one, never half of either. Everything the station or the central must not
// lose (configuration, keys, exports, receipts) is written through here.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes a folder's entries (a rename, a new file) durable. Windows cannot open a folder to fsync
 * it; NTFS journals the rename itself, so there it is nothing to do.
 */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** fsyncDir without blocking the event loop (the image store's hot path). */
export async function fsyncDirAsync(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const h = await fsp.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Writes a file in place and fsyncs it (for a file under a temporary name, renamed later). */
export function writeFileSynced(file: string, content: string | Uint8Array, mode = 0o644): void {
  const fd = fs.openSync(file, 'w', mode);
  try {
    fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Replaces `file` with `content` atomically and durably (owner-only by default). */
export function writeFileAtomic(file: string, content: string | Uint8Array, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSynced(tmp, content, mode);
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}
