// Writes that survive a power cut: a file is written under a temporary name, fsynced, renamed
// over its final name, and its folder fsynced, so after a crash a reader finds either the old
// content or the new one, never half of either. Everything the station or the central must not
// lose (configuration, keys, exports, receipts) is written through here.
import { randomBytes } from 'node:crypto';
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

// Never through a link: on a USB stick or a shared folder anyone may have planted `name -> /etc/passwd`
// before we write. O_NOFOLLOW is 0 on Windows (no symlinks there for an unprivileged user to plant).
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const WRITE_NEW = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NOFOLLOW;
const WRITE_IN_PLACE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | NOFOLLOW;

function writeAndSync(fd: number, content: string | Uint8Array): void {
  try {
    fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes a file in place and fsyncs it (for a file under a temporary name, renamed later).
 * A symlink at `file` is refused (ELOOP), never written through.
 */
export function writeFileSynced(file: string, content: string | Uint8Array, mode = 0o644): void {
  writeAndSync(fs.openSync(file, WRITE_IN_PLACE, mode), content);
}

/**
 * Creates `file`, which must not exist yet (not even as a dangling link), writes and fsyncs it.
 * EEXIST or ELOOP otherwise: whatever was planted there stays untouched.
 */
export function writeNewFileSynced(file: string, content: string | Uint8Array, mode = 0o600): void {
  writeAndSync(fs.openSync(file, WRITE_NEW, mode), content);
}

/** A temporary name beside `file` nobody can guess ahead of time (so nobody can pre-plant it). */
export function tempNameFor(file: string): string {
  return `${file}.${randomBytes(12).toString('hex')}.tmp`;
}

/**
 * Replaces `file` with `content` atomically and durably (owner-only by default). The temporary
 * file is random and created exclusively; rename() replaces a link at `file` itself rather than
 * following it, so a planted link is never written through.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  // Opened before the try: if the name somehow exists, it is not ours to remove.
  const fd = fs.openSync(tmp, WRITE_NEW, mode);
  try {
    writeAndSync(fd, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fsyncDir(path.dirname(file));
}

/**
 * writeFileAtomic without blocking the event loop (the central's image store: a write and two
 * fsyncs per page would otherwise stall every other request of the intake meanwhile).
 */
export async function writeFileAtomicAsync(file: string, content: Uint8Array, mode = 0o600): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  const h = await fsp.open(tmp, WRITE_NEW, mode);
  try {
    try {
      await h.writeFile(content);
      await h.sync();
    } finally {
      await h.close();
    }
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDirAsync(path.dirname(file));
}
