// The station's audit chain against the anchors the central kept ({seq, hash} heads from signed
// heartbeats and manifests, exported signed by the central's key: `catd central anchors`). The
// anchors file is trusted only when the central's key signed it; the chain must then still hold
// each anchor's hash at its seq: a missing seq is truncation, another hash a rewrite.
import fs from 'node:fs';
import { canonicalJson } from '../platform/canonical-json';
import { err, ok, type Result } from '../platform/result';
import { verifyBytes } from '../platform/signing';
import {
  checkAgainstAnchors,
  SignedAnchorsFileSchema,
  type AnchorFinding,
  type AnchorsFile,
} from '../../shared/anchors';
import type { AuditLog } from './audit';

export function readAnchorsFile(file: string, centralKeyPem: string): Result<AnchorsFile, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return err(`${file} no es un archivo de anclas (JSON)`);
  }
  const parsed = SignedAnchorsFileSchema.safeParse(raw);
  if (!parsed.success) return err(`${file} no es un archivo de anclas del centro`);
  if (!verifyBytes(centralKeyPem, Buffer.from(canonicalJson(parsed.data.anchors)), parsed.data.signature))
    return err('la firma del archivo de anclas no es la del centro de acopio');
  return ok(parsed.data.anchors);
}

export function checkAuditAgainstAnchors(audit: AuditLog, anchors: AnchorsFile): AnchorFinding[] {
  return checkAgainstAnchors(anchors.anchors, (seq) => audit.hashAt(seq), audit.count());
}
