// Tables owned: partial_uploads.
// Unfinished uploads (the blob store's partials) are charged to the station that began them, by the size
// it declared: one station cannot hold more than its share of the disk, nor all stations together
// more than the total, and a partial nobody has added to for `expireAfterMs` is deleted (on start
// and every `sweepEveryMs`). A station coming back later resumes from zero: the bytes it loses
// are at most one image per acta in flight.
import type { CentralBlobStore } from './blob-store';
import type { CentralDb } from './db';

export interface PartialLimits {
  /** Declared bytes of unfinished images one station may hold. */
  perStationBytes: number;
  /** Declared bytes of unfinished images all stations together may hold. */
  totalBytes: number;
  /** A partial untouched this long is deleted. */
  expireAfterMs: number;
  sweepEveryMs: number;
}

export const DEFAULT_PARTIAL_LIMITS: PartialLimits = {
  // Eight actas in flight (the most a link sends at once) with one 64 MiB image each.
  perStationBytes: 512 * 1024 * 1024,
  totalBytes: 8 * 1024 * 1024 * 1024,
  expireAfterMs: 12 * 60 * 60_000,
  sweepEveryMs: 10 * 60_000,
};

/** How stale a partial's "last touched" may get while chunks keep arriving (well under any expiry). */
const TOUCH_EVERY_MS = 10_000;

export class PartialUploads {
  constructor(
    private readonly db: CentralDb,
    /** Holds the unfinished uploads' bytes; this class keeps their accounting. */
    private readonly blobs: CentralBlobStore,
    readonly limits: PartialLimits,
    private readonly nowMs: () => number,
  ) {}

  /**
   * Charges an upload of `size` declared bytes to `stationId` (once per image: later chunks and
   * other stations sending the same image continue it) and marks it touched. False: over a cap.
   */
  async admit(stationId: string, sha: string, size: number): Promise<boolean> {
    const now = this.nowMs();
    const known = await this.db.get<{ touched_at_ms: number }>(
      'SELECT touched_at_ms FROM partial_uploads WHERE sha256 = ?',
      [sha],
    );
    if (known) {
      // Every chunk of an upload passes here: write (and fsync) the touch only now and then.
      if (now - known.touched_at_ms > Math.min(TOUCH_EVERY_MS, this.limits.expireAfterMs / 4))
        await this.db.run('UPDATE partial_uploads SET touched_at_ms = ? WHERE sha256 = ?', [now, sha]);
      return true;
    }
    // Reads then writes, beside other intake processes and nodes (see store.ts claim).
    return this.db.tx(async (q): Promise<boolean> => {
      if (await q.get('SELECT 1 FROM partial_uploads WHERE sha256 = ?', [sha])) return true;
      const sum = async (where: string, ...args: string[]) =>
        (await q.get<{ n: number | null }>(`SELECT sum(size) AS n FROM partial_uploads ${where}`, args))?.n ??
        0;
      if ((await sum('WHERE station_id = ?', stationId)) + size > this.limits.perStationBytes) return false;
      if ((await sum('')) + size > this.limits.totalBytes) return false;
      await q.run(
        'INSERT INTO partial_uploads (sha256, station_id, size, touched_at_ms) VALUES (?, ?, ?, ?)',
        [sha, stationId, size, now],
      );
      return true;
    });
  }

  /** The image was sealed (or its partial thrown away): it no longer counts. */
  async forget(sha: string): Promise<void> {
    await this.db.run('DELETE FROM partial_uploads WHERE sha256 = ?', [sha]);
  }

  /** Deletes every partial untouched for `expireAfterMs`, and stray files as old. Returns how many. */
  async sweep(): Promise<number> {
    const cutoff = this.nowMs() - this.limits.expireAfterMs;
    const stale = await this.db.all<{ sha256: string }>(
      'SELECT sha256 FROM partial_uploads WHERE touched_at_ms < ?',
      [cutoff],
    );
    let removed = 0;
    for (const { sha256 } of stale) {
      await this.blobs.dropPartial(sha256);
      await this.forget(sha256);
      removed++;
    }
    // Uploads with no row: left by a version without accounting, or by a crash between the two.
    for (const { sha256, touchedAtMs } of await this.blobs.partials()) {
      if (await this.db.get('SELECT 1 AS n FROM partial_uploads WHERE sha256 = ?', [sha256])) continue;
      if (touchedAtMs < cutoff) {
        await this.blobs.dropPartial(sha256);
        removed++;
      }
    }
    return removed;
  }

  /** Declared bytes held per station (tests, doctor). */
  async heldBy(stationId: string): Promise<number> {
    const row = await this.db.get<{ n: number | null }>(
      'SELECT sum(size) AS n FROM partial_uploads WHERE station_id = ?',
      [stationId],
    );
    return row?.n ?? 0;
  }
}
