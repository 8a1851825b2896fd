// The short code on an acopio label: 8 base32 characters of an HMAC-SHA256 over what the label
// asserts (key, acopio time, sequence number), keyed by a secret derived from the station's
// Ed25519 private key. Anyone can print a QR with a valid acta key; only this station can print
// one whose code matches, so a label made elsewhere (or edited) is told apart at the station.
// 40 bits: enough to make guessing a code for a chosen label a 1-in-10^12 affair, short enough to
// read aloud and to keep the QR small.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { StationKey } from './station-key';

export const LABEL_CODE_LENGTH = 8;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HKDF_INFO = 'catd acopio label code v1';

export type LabelSecret = Buffer & { readonly __labelSecret: unique symbol };

/** The station's label secret: HKDF-SHA256 over its private key (never stored on its own). */
export function labelSecretOf(key: StationKey): LabelSecret {
  const der = key.privateKey.export({ type: 'pkcs8', format: 'der' });
  return Buffer.from(hkdfSync('sha256', der, Buffer.alloc(0), HKDF_INFO, 32)) as LabelSecret;
}

/** What a label asserts, exactly as the QR carries it. */
export interface LabelClaim {
  keyText: string;
  /** Compact local time with offset ("20261202T122100-0600"). */
  at: string;
  seq: number;
}

function base32(bytes: Buffer, chars: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= chars) break;
  }
  return out;
}

export function labelCode(secret: LabelSecret, claim: LabelClaim): string {
  const mac = createHmac('sha256', secret).update(`${claim.keyText}\n${claim.at}\n${claim.seq}`).digest();
  return base32(mac, LABEL_CODE_LENGTH);
}

/** True only when the code is the one this station would print for the claim. */
export function verifyLabelCode(secret: LabelSecret, claim: LabelClaim, code: string): boolean {
  const want = Buffer.from(labelCode(secret, claim));
  const got = Buffer.from(code);
  return got.length === want.length && timingSafeEqual(got, want);
}
