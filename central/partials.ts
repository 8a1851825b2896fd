// Tables owned: partial_uploads.
// Unfinished uploads (partial/<sha256>) are charged to the station that began them, by the size
// it declared: one station cannot hold more than its share of the disk, nor all stations together
// more than the total, and a partial nobody has added to for `expireAfterMs` is deleted (on start
// and every `sweepEveryMs`). A station coming back later resumes from zero: the bytes it loses
// are at most one image per acta in flight.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../electron/platform/sqlite';

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
    private readonly db: Db,
    private readonly dir: string,
    readonly limits: PartialLimits,
    private readonly nowMs: () => number,
  ) {}

  file(sha: string): string {
    return path.join(this.dir, sha);
  }

  /**
   * Charges an upload of `size` declared bytes to `stationId` (once per image: later chunks and
   * other stations sending the same image continue it) and marks it touched. False: over a cap.
   */
  admit(stationId: string, sha: string, size: number): boolean {
    const now = this.nowMs();
    const known = this.db
      .prepare<[string], { touched_at_ms: number }>(
        'SELECT touched_at_ms FROM partial_uploads WHERE sha256 = ?',
      )
      .get(sha);
    if (known) {
      // Every chunk of an upload passes here: write (and fsync) the touch only now and then.
      if (now - known.touched_at_ms > Math.min(TOUCH_EVERY_MS, this.limits.expireAfterMs / 4))
        this.db.prepare('UPDATE partial_uploads SET touched_at_ms = ? WHERE sha256 = ?').run(now, sha);
      return true;
    }
    return this.db
      .transaction((): boolean => {
        if (this.db.prepare('SELECT 1 FROM partial_uploads WHERE sha256 = ?').get(sha)) return true;
        const sum = (where: string, ...args: string[]) =>
          this.db
            .prepare<string[], { n: number | null }>(`SELECT sum(size) AS n FROM partial_uploads ${where}`)
            .get(...args)?.n ?? 0;
        if (sum('WHERE station_id = ?', stationId) + size > this.limits.perStationBytes) return false;
        if (sum('') + size > this.limits.totalBytes) return false;
        this.db
          .prepare(
            'INSERT INTO partial_uploads (sha256, station_id, size, touched_at_ms) VALUES (?, ?, ?, ?)',
          )
          .run(sha, stationId, size, now);
        return true;
      })
      .immediate(); // reads then writes, beside other intake processes (see store.ts claim)
  }

  /** The image was sealed (or its partial thrown away): it no longer counts. */
  forget(sha: string): void {
    this.db.prepare('DELETE FROM partial_uploads WHERE sha256 = ?').run(sha);
  }

  /** Deletes every partial untouched for `expireAfterMs`, and stray files as old. Returns how many. */
  sweep(): number {
    const cutoff = this.nowMs() - this.limits.expireAfterMs;
    const stale = this.db
      .prepare<[number], { sha256: string }>('SELECT sha256 FROM partial_uploads WHERE touched_at_ms < ?')
      .all(cutoff);
    let removed = 0;
    for (const { sha256 } of stale) {
      fs.rmSync(this.file(sha256), { force: true });
      this.forget(sha256);
      removed++;
    }
    // Files with no row: left by a version without accounting, or by a crash between the two.
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return removed;
    }
    const tracked = this.db.prepare<[string], { n: number }>(
      'SELECT 1 AS n FROM partial_uploads WHERE sha256 = ?',
    );
    for (const name of names) {
      if (tracked.get(name)) continue;
      try {
        if (fs.statSync(this.file(name)).mtimeMs < cutoff) {
          fs.rmSync(this.file(name), { force: true });
          removed++;
        }
      } catch {
        /* gone meanwhile */
      }
    }
    return removed;
  }

  /** Declared bytes held per station (tests, doctor). */
  heldBy(stationId: string): number {
    return (
      this.db
        .prepare<[string], { n: number | null }>(
          'SELECT sum(size) AS n FROM partial_uploads WHERE station_id = ?',
        )
        .get(stationId)?.n ?? 0
    );
  }
}
