// PINs and passwords are stored as scrypt hashes with a per-account salt and compared in constant
// time. Here, under both ends, so the central's operators are hashed exactly as the station's.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// N=2^14, r=8: ~30 ms on these machines: slow for a guesser, quick for a login.
const SCRYPT_PARAMS = { N: 1 << 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export interface PinHash {
  hash: string;
  salt: string;
}

export function hashPin(pin: string, salt: string = randomBytes(16).toString('hex')): PinHash {
  const hash = scryptSync(pin, Buffer.from(salt, 'hex'), KEY_LENGTH, SCRYPT_PARAMS).toString('hex');
  return { hash, salt };
}

export function pinMatches(pin: string, stored: PinHash): boolean {
  const candidate = Buffer.from(hashPin(pin, stored.salt).hash, 'hex');
  const expected = Buffer.from(stored.hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
