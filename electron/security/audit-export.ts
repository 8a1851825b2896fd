// Audit export for outside auditors: the chain as JSON lines, a detached Ed25519 signature by the
// station key over the exact bytes, and the public key. `verifyAuditExport` checks all three
// without the station's database, with a public key the auditor brings: the `.pub` written beside
// the export is a convenience to compare fingerprints, never what the check trusts (whoever
// rewrote the export could have written a key of their own there).
import fs from 'node:fs';
import type { AuditLog } from './audit';
import { canonicalJson } from '../platform/canonical-json';
import { signBytes } from '../platform/signing';
import { readSignedAuditExport } from '../platform/audit-chain';
import type { StationKey } from './station-key';
import { writeFileAtomic } from '../platform/durable-files';

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

/** `publicKeyPem`: the station's key as the auditor obtained it (enrolment record, not the export). */
export function verifyAuditExport(file: string, publicKeyPem: string): ExportVerdict {
  const v = readSignedAuditExport(
    fs.readFileSync(file),
    fs.readFileSync(`${file}.sig`, 'utf8'),
    publicKeyPem,
  );
  return v.ok ? { ok: true, entries: v.entries.length, lastHash: v.lastHash } : v;
}
