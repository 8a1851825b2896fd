// Ed25519, the product's one signature. The station signs manifests, heartbeats, media indexes and
// audit exports; the central signs receipts; each checks the other's with the public half alone.
// A key pair lives in two PEM files, the private one readable by its owner only.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './durable-files';
import { sha256Hex } from './hash';

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** First 16 hex of SHA-256 over the DER public key: what people compare by eye. */
  fingerprint: string;
}

export function fingerprintOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return sha256Hex(der).slice(0, 16);
}

/** An Ed25519 pair in two PEM files, made on first use. */
export function loadOrCreateKeyPair(privateFile: string, publicFile: string): SigningKey {
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

/** A pair made in memory, never written (a test central that signs with the wrong key). */
export function generateKeyPair(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  return { privateKey, publicKeyPem, fingerprint: fingerprintOf(publicKeyPem) };
}

export function signBytes(key: SigningKey, bytes: Uint8Array): string {
  return sign(null, bytes, key.privateKey).toString('base64');
}

/**
 * Parsed public keys by their PEM text: the central checks two signatures per request from the
 * same few thousand station keys, and parsing the PEM cost as much as the check itself. Public
 * keys only, so keeping them is harmless; bounded so a stream of strangers cannot grow it.
 */
const parsedKeys = new Map<string, KeyObject>();
const MAX_PARSED_KEYS = 8192;

function publicKeyOf(pem: string): KeyObject {
  let key = parsedKeys.get(pem);
  if (!key) {
    key = createPublicKey(pem);
    if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.clear();
    parsedKeys.set(pem, key);
  }
  return key;
}

/** False for a bad signature and for a key or signature that does not even parse. */
export function verifyBytes(publicKeyPem: string, bytes: Uint8Array, signatureB64: string): boolean {
  try {
    return verify(null, bytes, publicKeyOf(publicKeyPem), Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}
