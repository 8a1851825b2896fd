// Tables owned: original_requests.
// The scanned original of a page that travelled as a lighter copy (transmit.profile), on request
// (issue 18). The station keeps the original as the evidence and only the copy crosses the link;
// when a central operator needs the original itself (a disputed figure, a copy hard to read), they
// ask for it here (the panel, or `catd central original`). The station learns of it in its next
// heartbeat's answer and uploads it as an ordinary blob; the central's blob store seals it only if
// its bytes hash to the name, and the name is the original's SHA-256 the station signed in its
// manifest: what arrives is the evidence itself, bound by the signature, not the station's word.
import type { OriginalRequestError, OriginalRow } from '../shared/central-panel';
import { ManifestSchema, MAX_ORIGINALS_ASKED } from '../shared/intake';
import type { Result } from '../electron/platform/result';
import type { CentralDb } from './db';

/** The requests a panel lists, newest first. */
export const MAX_ORIGINALS_LISTED = 200;

interface RequestRow {
  original_sha256: string;
  acta_key: string;
  page: number;
  station_id: string;
  size: number;
  requested_at: string;
  requested_by: string;
  stored_at: string | null;
}

const toRow = (r: RequestRow): OriginalRow => ({
  actaKey: r.acta_key,
  page: r.page,
  stationId: r.station_id,
  sha256: r.original_sha256,
  size: Number(r.size),
  requestedAt: r.requested_at,
  requestedBy: r.requested_by,
  receivedAt: r.stored_at,
});

const SELECT_ROWS = `SELECT r.original_sha256, r.acta_key, r.page, r.station_id, r.size, r.requested_at,
         r.requested_by, b.stored_at
       FROM original_requests r LEFT JOIN blobs b ON b.sha256 = r.original_sha256`;

export class OriginalRequests {
  constructor(
    private readonly db: CentralDb,
    private readonly now: () => Date,
  ) {}

  /**
   * Asks for the originals of every page of the acta's standing records that travelled as a
   * copy. Asking again is harmless (the first request stands); a page sent as scanned needs no
   * request, the central already holds that very file.
   */
  async request(actaKey: string, operatorId: string): Promise<Result<OriginalRow[], OriginalRequestError>> {
    const records = await this.db.all<{ idempotency_key: string; station_id: string; manifest: string }>(
      `SELECT idempotency_key, station_id, manifest FROM manifests
       WHERE acta_key = ? AND state = 'done' AND superseded_by IS NULL ORDER BY idempotency_key`,
      [actaKey],
    );
    if (records.length === 0) return { ok: false, error: 'not_found' };
    const at = this.now().toISOString();
    let asked = 0;
    await this.db.tx(async (q) => {
      for (const rec of records) {
        const m = ManifestSchema.safeParse(JSON.parse(rec.manifest));
        if (!m.success) continue;
        for (const [i, img] of m.data.images.entries()) {
          if (!img.original) continue;
          asked++;
          await q.run(
            `INSERT INTO original_requests
               (original_sha256, acta_key, page, station_id, idempotency_key, size, requested_at, requested_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
            [
              img.original.sha256,
              actaKey,
              i + 1,
              rec.station_id,
              rec.idempotency_key,
              img.original.size,
              at,
              operatorId,
            ],
          );
        }
      }
    });
    if (asked === 0) return { ok: false, error: 'sent_as_scanned' };
    return { ok: true, value: await this.ofActa(actaKey) };
  }

  async ofActa(actaKey: string): Promise<OriginalRow[]> {
    const rows = await this.db.all<RequestRow>(`${SELECT_ROWS} WHERE r.acta_key = ? ORDER BY r.page`, [
      actaKey,
    ]);
    return rows.map(toRow);
  }

  async list(): Promise<OriginalRow[]> {
    const rows = await this.db.all<RequestRow>(
      `${SELECT_ROWS} ORDER BY r.requested_at DESC, r.acta_key, r.page LIMIT ${MAX_ORIGINALS_LISTED}`,
    );
    return rows.map(toRow);
  }

  /** The originals this station still owes (not sealed here yet), oldest request first. */
  async owedBy(stationId: string): Promise<string[]> {
    const rows = await this.db.all<{ original_sha256: string }>(
      `SELECT r.original_sha256 FROM original_requests r LEFT JOIN blobs b ON b.sha256 = r.original_sha256
       WHERE r.station_id = ? AND b.sha256 IS NULL ORDER BY r.requested_at, r.original_sha256
       LIMIT ${MAX_ORIGINALS_ASKED}`,
      [stationId],
    );
    return rows.map((r) => r.original_sha256);
  }

  /** Whether the sealed blob of this hash is an original someone asked for (the panel serves only those). */
  async isRequested(sha256: string): Promise<boolean> {
    return (
      (await this.db.get('SELECT 1 FROM original_requests WHERE original_sha256 = ?', [sha256])) !== undefined
    );
  }
}
