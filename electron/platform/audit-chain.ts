// The audit hash chain as data, with no database: how an entry is hashed, how a sequence of
// entries is checked, and how a signed export (JSON lines + detached signature) is read back. It
// sits on the platform rung so the station (security/audit.ts) and the central (which checks a
// station's export against its anchors) share one definition.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { verifyBytes } from './signing';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  atUtc: string;
  offsetMinutes: number;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** Entries are hashed in canonical JSON, so the same entry always hashes the same. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        seq: e.seq,
        atUtc: e.atUtc,
        offsetMinutes: e.offsetMinutes,
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        details: e.details,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
}

export type AuditVerdict =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

/** Checks a chain of entries in order; used on the database and on exported copies alike. */
export function verifyChain(entries: Iterable<AuditEntry>): AuditVerdict {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let n = 0;
  for (const e of entries) {
    n++;
    if (e.seq !== expectedSeq)
      return { ok: false, entries: n, brokenAt: e.seq, reason: `falta la entrada ${expectedSeq}` };
    if (e.prevHash !== prev)
      return { ok: false, entries: n, brokenAt: e.seq, reason: 'no enlaza con la entrada anterior' };
    if (entryHash(e) !== e.hash)
      return { ok: false, entries: n, brokenAt: e.seq, reason: 'su contenido fue alterado' };
    prev = e.hash;
    expectedSeq++;
  }
  return { ok: true, entries: n };
}

const EntrySchema = z.object({
  seq: z.number().int().positive(),
  atUtc: z.string(),
  offsetMinutes: z.number().int(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

export type ExportVerdict =
  { ok: true; entries: AuditEntry[]; lastHash: string } | { ok: false; reason: string; brokenAt?: number };

/**
 * Reads a signed export: the signature over the exact bytes with the given public key (which must
 * come from outside the export: a key beside the file proves only that someone signed it), then
 * every line as an entry, then the chain.
 */
export function readSignedAuditExport(
  bytes: Buffer,
  signatureB64: string,
  publicKeyPem: string,
): ExportVerdict {
  if (!verifyBytes(publicKeyPem, bytes, signatureB64.trim()))
    return { ok: false, reason: 'la firma no corresponde al archivo (alterado o de otra estación)' };
  const entries: AuditEntry[] = [];
  const lines = bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '');
  for (const [i, line] of lines.entries()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return { ok: false, reason: `la línea ${i + 1} no es JSON`, brokenAt: i + 1 };
    }
    const r = EntrySchema.safeParse(parsed);
    if (!r.success)
      return { ok: false, reason: `la línea ${i + 1} no es una entrada de bitácora`, brokenAt: i + 1 };
    entries.push(r.data);
  }
  const chain = verifyChain(entries);
  if (!chain.ok) return { ok: false, reason: chain.reason, brokenAt: chain.brokenAt };
  return { ok: true, entries, lastHash: entries.at(-1)?.hash ?? GENESIS_HASH };
}
