// The station's Ed25519 key: generated on first start, private half readable by the owner only.
// It signs what leaves the station (audit exports now; manifests when transmission lands), so a
// copy can be checked away from this machine with the public half alone.
import {
  createPrivateKey,
  createPublicKey,
  createHash,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../platform/durable-files';

export interface StationKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** First 16 hex of SHA-256 over the DER public key: what people compare by eye. */
  fingerprint: string;
}

export function keyFiles(dataDir: string): { privateFile: string; publicFile: string } {
  const dir = path.join(dataDir, 'keys');
  return {
    privateFile: path.join(dir, 'station-ed25519.key'),
    publicFile: path.join(dir, 'station-ed25519.pub'),
  };
}

export function fingerprintOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function loadOrCreateStationKey(dataDir: string): StationKey {
  const { privateFile, publicFile } = keyFiles(dataDir);
  return loadOrCreateKeyPair(privateFile, publicFile);
}

/** An Ed25519 pair in two PEM files, made on first use (the central's key is made the same way). */
export function loadOrCreateKeyPair(privateFile: string, publicFile: string): StationKey {
  if (!fs.existsSync(privateFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    fs.mkdirSync(path.dirname(privateFile), { recursive: true, mode: 0o700 });
    writeFileAtomic(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
    writeFileAtomic(publicFile, publicKey.export({ type: 'spki', format: 'pem' }) as string, 0o644);
  }
  const privateKey = createPrivateKey(fs.readFileSync(privateFile));
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  return { privateKey, publicKeyPem, fingerprint: fingerprintOf(publicKeyPem) };
}

export function signBytes(key: StationKey, bytes: Uint8Array): string {
  return sign(null, bytes, key.privateKey).toString('base64');
}

export function verifyBytes(publicKeyPem: string, bytes: Uint8Array, signatureB64: string): boolean {
  try {
    return verify(null, bytes, createPublicKey(publicKeyPem), Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}
