// Tables owned: audit_anchors.
// The anchors of each station's audit chain: the {seq, hash} heads it signed into heartbeats and
// manifests. The first hash seen for a seq is kept (a later, different one is itself a sign of a
// rewritten chain and is not allowed to replace it). Exported signed by the central's key for
// `catd audit verify --anchors`, and used here to check an audit export a station hands over.
import fs from 'node:fs';
import { canonicalJson } from '../electron/platform/canonical-json';
import { readSignedAuditExport } from '../electron/platform/audit-chain';
import { signBytes, type SigningKey } from '../electron/platform/signing';
import type { CentralDb } from './db';
import { RowBatcher } from './row-batcher';
import {
  ANCHORS_FORMAT,
  checkAgainstAnchors,
  type Anchor,
  type AnchorFinding,
  type SignedAnchorsFile,
} from '../shared/anchors';
import type { AuditHead } from '../shared/intake';

/** Anchors one INSERT carries at most. */
const ANCHOR_BATCH = 64;

interface AnchorRow {
  stationId: string;
  head: AuditHead;
  source: Anchor['source'];
  receivedAt: string;
}

export class AnchorStore {
  private readonly batched: RowBatcher<AnchorRow, void>;

  constructor(
    private readonly db: CentralDb,
    private readonly now: () => Date,
  ) {
    // Every manifest and heartbeat brings one: written in batches (row-batcher.ts), and not waited
    // onto the disk. A later durable commit (the manifest's receipt, written after its anchor)
    // takes it to the disk with it; a heartbeat's anchor a power cut forgets comes again with the
    // next heartbeat, 30 s later. Within a batch, the first hash of a seq is the one kept.
    this.batched = new RowBatcher<AnchorRow, void>(ANCHOR_BATCH, async (rows) => {
      await this.db.unwaited.run(
        `INSERT INTO audit_anchors (station_id, seq, hash, source, received_at)
         VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        rows.flatMap((r) => [r.stationId, r.head.seq, r.head.hash, r.source, r.receivedAt]),
      );
      return rows.map(() => undefined);
    });
  }

  async record(stationId: string, head: AuditHead, source: Anchor['source']): Promise<void> {
    if (head.seq === 0) return; // an empty chain anchors nothing
    await this.batched.add({ stationId, head, source, receivedAt: this.now().toISOString() });
  }

  async list(stationId: string): Promise<Anchor[]> {
    const rows = await this.db.all<{
      seq: number;
      hash: string;
      source: Anchor['source'];
      received_at: string;
    }>('SELECT seq, hash, source, received_at FROM audit_anchors WHERE station_id = ? ORDER BY seq', [
      stationId,
    ]);
    return rows.map((r) => ({ seq: r.seq, hash: r.hash, source: r.source, receivedAt: r.received_at }));
  }

  /** The station's anchors, signed by the central's key over canonicalJson(anchors). */
  async exportSigned(stationId: string, key: SigningKey): Promise<SignedAnchorsFile> {
    const anchors = {
      format: ANCHORS_FORMAT,
      stationId,
      exportedAt: this.now().toISOString(),
      anchors: await this.list(stationId),
    } as const;
    return { anchors, signature: signBytes(key, Buffer.from(canonicalJson(anchors))) };
  }
}

export type ExportCheck =
  | { ok: true; entries: number; anchors: number; lastAnchor: number | null }
  | { ok: false; reason: string; findings: AnchorFinding[] };

/**
 * A station's signed audit export (file + file.sig) checked with the station's enrolled key (never
 * a key from the export) and against the anchors the central holds for it.
 */
export function verifyExportAgainstAnchors(
  file: string,
  stationPublicKeyPem: string,
  anchors: Anchor[],
): ExportCheck {
  const v = readSignedAuditExport(
    fs.readFileSync(file),
    fs.readFileSync(`${file}.sig`, 'utf8'),
    stationPublicKeyPem,
  );
  if (!v.ok)
    return { ok: false, reason: `${v.reason}${v.brokenAt ? ` (entrada ${v.brokenAt})` : ''}`, findings: [] };
  const bySeq = new Map(v.entries.map((e) => [e.seq, e.hash]));
  const findings = checkAgainstAnchors(anchors, (seq) => bySeq.get(seq) ?? null, v.entries.length);
  if (findings.length) return { ok: false, reason: 'no concuerda con las anclas del centro', findings };
  return {
    ok: true,
    entries: v.entries.length,
    anchors: anchors.length,
    lastAnchor: anchors.at(-1)?.seq ?? null,
  };
}
