// Audit anchors: the audit chain heads {seq, hash} a station put in its signed heartbeats and
// manifests, kept by the central per station and exported signed by the central's key. A copy of
// the station's chain is checked against them: an anchor beyond the copy's end means entries were
// cut off (truncation); an anchor whose entry has another hash means the chain was rewritten from
// there on, however carefully every later hash was recomputed.
import { z } from 'zod';
import { AuditHeadSchema, StationIdSchema, type AuditHead } from './intake';

export const ANCHORS_FORMAT = 'catd-anchors-v1';

export const AnchorSchema = AuditHeadSchema.extend({
  /** When the central received it (its clock, UTC ISO). */
  receivedAt: z.string(),
  source: z.enum(['heartbeat', 'manifest']),
});
export type Anchor = z.infer<typeof AnchorSchema>;

export const AnchorsFileSchema = z.object({
  format: z.literal(ANCHORS_FORMAT),
  stationId: StationIdSchema,
  exportedAt: z.iso.datetime(),
  /** In seq order. */
  anchors: z.array(AnchorSchema),
});
export type AnchorsFile = z.infer<typeof AnchorsFileSchema>;

/** Signature: Ed25519 (base64) by the central's key over canonicalJson(anchors). */
export const SignedAnchorsFileSchema = z.object({
  anchors: AnchorsFileSchema,
  signature: z.string().min(1).max(200),
});
export type SignedAnchorsFile = z.infer<typeof SignedAnchorsFileSchema>;

export type AnchorFinding =
  | { kind: 'truncated'; seq: number; localEntries: number }
  | { kind: 'rewritten'; seq: number; expected: string; found: string };

/**
 * What the anchors say about a chain whose entries are looked up by seq (`hashAt` answers null
 * past its end). Seq 0 (an empty chain's head) proves nothing and is skipped.
 */
export function checkAgainstAnchors(
  anchors: readonly AuditHead[],
  hashAt: (seq: number) => string | null,
  localEntries: number,
): AnchorFinding[] {
  const findings: AnchorFinding[] = [];
  for (const a of anchors) {
    if (a.seq === 0) continue;
    const found = hashAt(a.seq);
    if (found === null) findings.push({ kind: 'truncated', seq: a.seq, localEntries });
    else if (found !== a.hash) findings.push({ kind: 'rewritten', seq: a.seq, expected: a.hash, found });
  }
  return findings;
}

/** The findings in Spanish, one line each, for `catd audit verify` and the central's check. */
export function describeFindings(findings: readonly AnchorFinding[]): string[] {
  return findings.map((f) =>
    f.kind === 'truncated'
      ? `TRUNCADA: el centro tiene un ancla en la entrada ${f.seq}, pero la bitácora sólo tiene ${f.localEntries} entradas (se borraron entradas).`
      : `REESCRITA: la entrada ${f.seq} tiene otro hash (${f.found.slice(0, 16)}…) que el anclado en el centro (${f.expected.slice(0, 16)}…).`,
  );
}
