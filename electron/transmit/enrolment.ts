// Station enrolment, once, by a supervisor, with files: the station's public key
// (<data>/keys/station-ed25519.pub) is carried to the central, and the central's public key is
// brought back and installed here. Only receipts signed by that key ever close an acta.
import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../platform/durable-files';
import { err, ok, type Result } from '../platform/result';
import { fingerprintOf } from '../platform/signing';

export function centralKeyFile(dataDir: string): string {
  return path.join(dataDir, 'keys', 'central-ed25519.pub');
}

/** The installed key's fingerprint, or the message key of why the file was refused. */
export type EnrolResult = Result<string, 'enrol.error.unreadable' | 'enrol.error.notEd25519'>;

/** Installs the central's public key from a file (USB drive); shows its fingerprint to compare by eye. */
export function installCentralKey(dataDir: string, sourceFile: string): EnrolResult {
  let pem: string;
  try {
    pem = fs.readFileSync(sourceFile, 'utf8');
    if (createPublicKey(pem).asymmetricKeyType !== 'ed25519') return err('enrol.error.notEd25519');
  } catch {
    return err('enrol.error.unreadable');
  }
  writeFileAtomic(centralKeyFile(dataDir), pem, 0o644);
  return ok(fingerprintOf(pem));
}

/** The installed central key, or null when the station is not enrolled yet (nothing can be delivered). */
export function loadCentralKey(dataDir: string): string | null {
  try {
    return fs.readFileSync(centralKeyFile(dataDir), 'utf8');
  } catch {
    return null;
  }
}
