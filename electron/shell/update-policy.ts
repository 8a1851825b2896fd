// Update decisions, pure so tests check them without Electron: never download or install on
// its own, never while an acta is being scanned or sent, and on Linux only a file whose detached
// Ed25519 signature verifies against the project's key (the feed's checksum proves nothing:
// whoever controls the feed controls the checksum).
import { createPublicKey, verify } from 'node:crypto';

export const UPDATE_CHECK_INTERVAL_MS = 30 * 60_000;

/** electron-updater settings: nothing happens without a supervisor's approval. */
export const UPDATER_SETTINGS = {
  autoDownload: false,
  autoInstallOnAppQuit: false,
  allowDowngrade: false,
  allowPrerelease: false,
  forceDevUpdateConfig: false,
} as const;

export function updateSignatureValid(file: Uint8Array, signatureB64: string, publicKeyPem: string): boolean {
  try {
    return verify(null, file, createPublicKey(publicKeyPem), Buffer.from(signatureB64.trim(), 'base64'));
  } catch {
    return false;
  }
}
