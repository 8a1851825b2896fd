// PIN rules of the station. The hashing itself is the platform's (pin-hash.ts), shared with the
// central's operator accounts.
import { randomInt } from 'node:crypto';

export { hashPin, pinMatches, type PinHash } from '../platform/pin-hash';

/**
 * The fewest digits a PIN may have, per role (the station config's `security.pinMinDigits`). A
 * supervisor's PIN opens the console on any operator's screen, so it is longer by default.
 */
export interface PinPolicy {
  operador: number;
  supervisor: number;
}
export const DEFAULT_PIN_POLICY: PinPolicy = { operador: 4, supervisor: 6 };

/** A random numeric PIN for demo accounts (never a fixed one: a demo station is still a station). */
export function randomPin(digits = 6): string {
  let pin = '';
  for (let i = 0; i < digits; i++) pin += String(randomInt(10));
  return pin;
}
