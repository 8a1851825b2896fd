// Audit export for outside auditors: the chain as JSON lines, a detached Ed25519 signature by the
// station key over the exact bytes, and the public key. `verifyAuditExport` checks all three
// without the station's database.
import fs from 'node:fs';
import { z } from 'zod';
import type { AuditLog } from './audit';
import { canonicalJson } from '../platform/canonical-json';
import { signBytes, verifyBytes } from '../platform/signing';
import { GENESIS_HASH, verifyChain, type AuditEntry } from './audit';
import type { StationKey } from './station-key';
import { writeFileAtomic } from '../platform/durable-files';

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

export interface ExportResult {
  file: string;
  signatureFile: string;
  publicKeyFile: string;
  entries: number;
}

export function exportAudit(audit: AuditLog, key: StationKey, file: string): ExportResult {
  let entries = 0;
  const lines: string[] = [];
  for (const e of audit.entries()) {
    lines.push(canonicalJson(e));
    entries++;
  }
  const bytes = Buffer.from(lines.join('\n') + (lines.length ? '\n' : ''));
  writeFileAtomic(file, bytes, 0o644);
  writeFileAtomic(`${file}.sig`, signBytes(key, bytes) + '\n', 0o644);
  writeFileAtomic(`${file}.pub`, key.publicKeyPem, 0o644);
  return { file, signatureFile: `${file}.sig`, publicKeyFile: `${file}.pub`, entries };
}

export type ExportVerdict =
  { ok: true; entries: number; lastHash: string } | { ok: false; reason: string; brokenAt?: number };

export function verifyAuditExport(file: string, publicKeyPem?: string): ExportVerdict {
  const bytes = fs.readFileSync(file);
  const pub = publicKeyPem ?? fs.readFileSync(`${file}.pub`, 'utf8');
  const sig = fs.readFileSync(`${file}.sig`, 'utf8').trim();
  if (!verifyBytes(pub, bytes, sig))
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
  return { ok: true, entries: entries.length, lastHash: entries.at(-1)?.hash ?? GENESIS_HASH };
}
