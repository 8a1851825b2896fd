// What a failed write to the data folder means to the operator. Node's fs errors carry an errno
// code (ENOSPC, EROFS); better-sqlite3's carry SQLite's extended code (SQLITE_FULL,
// SQLITE_READONLY_*, SQLITE_IOERR_WRITE). Both reach the screen as one of a few message keys.

/** Why storing failed, as the operator can act on it. */
export type StorageProblem = 'diskFull' | 'readOnly' | 'io';

export const STORAGE_MESSAGE_KEYS: Record<StorageProblem, string> = {
  diskFull: 'storage.error.diskFull',
  readOnly: 'storage.error.readOnly',
  io: 'storage.error.io',
};

function codeOf(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * The storage problem behind `err`, or null when it is not a storage failure (a bug, a refusal).
 * SQLite reports a write refused by a read-only file system as SQLITE_IOERR_* (it only sees the
 * errno through its VFS): callers that know the folder went read-only refine 'io' themselves.
 */
export function storageProblem(err: unknown): StorageProblem | null {
  const code = codeOf(err);
  if (!code) return null;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return 'diskFull';
    case 'EROFS':
      return 'readOnly';
    case 'EIO':
    case 'EACCES':
    case 'EPERM':
    case 'SQLITE_CANTOPEN':
      return 'io';
  }
  if (code.startsWith('SQLITE_READONLY')) return 'readOnly';
  if (code.startsWith('SQLITE_IOERR')) return 'io';
  return null;
}
