// PINs are stored as scrypt hashes with a per-operator salt and compared in constant time.
import { randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';

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

/**
 * The fewest digits a PIN may have, per role (the station config's `security.pinMinDigits`). A
 * supervisor's PIN opens the console on any operator's screen, so it is longer by default.
 */
export interface PinPolicy {
  operador: number;
  supervisor: number;
}
export const DEFAULT_PIN_POLICY: PinPolicy = { operador: 4, supervisor: 6 };

export function pinMatches(pin: string, stored: PinHash): boolean {
  const candidate = Buffer.from(hashPin(pin, stored.salt).hash, 'hex');
  const expected = Buffer.from(stored.hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** A random numeric PIN for demo accounts (never a fixed one: a demo station is still a station). */
export function randomPin(digits = 6): string {
  let pin = '';
  for (let i = 0; i < digits; i++) pin += String(randomInt(10));
  return pin;
}
