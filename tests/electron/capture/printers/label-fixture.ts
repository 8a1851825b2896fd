// A received acta and a station key, for the label tests.
import sharp from 'sharp';
import { formatActaKeyLabel, displayActaKey, parseActaKey, type ActaKey } from '../../../../shared/acta-key';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { fingerprintOf, type SigningKey } from '../../../../electron/platform/signing';
import { labelSecretOf } from '../../../../electron/security/label-code';
import { acopioLabelFor, type LabelStation } from '../../../../electron/workflow/acopio-label';

const parsed = parseActaKey('PREP|2024|PRES|09|05|1234|B|1|8');
if (!parsed.ok) throw new Error('fixture key');
export const KEY: ActaKey = parsed.key;

export const ACTA = {
  id: 42,
  keyLabel: formatActaKeyLabel(KEY),
  display: displayActaKey(KEY),
  receivedAt: { utc: '2026-12-02T18:21:07.000Z', offsetMinutes: -360 },
};

/**
 * A station key made from a fixed seed: the label (and so its QR) is the same on every run, so
 * a test reads the same symbol every time. `seed` 2 is "another station".
 */
export function fixedKey(seed = 1): SigningKey {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, seed)]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  return { privateKey, publicKeyPem, fingerprint: fingerprintOf(publicKeyPem) };
}

export function station(seed = 1): LabelStation {
  return { catd: 'CATD 09-05', station: 'EST-03', secret: labelSecretOf(fixedKey(seed)) };
}

export function label(st = station(), reprint = false) {
  return acopioLabelFor(ACTA, st, reprint);
}

/** An image file (PNG, PPM...) as 8-bit grey pixels. */
export async function greyOf(file: string | Buffer) {
  const { data, info } = await sharp(file).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data, w: info.width, h: info.height };
}

/** The label's image as a 300-dpi scan of it: resampled from the printer's 203 dpi, softened. */
export async function scanned300(png: Buffer) {
  const meta = await sharp(png).metadata();
  const { data, info } = await sharp(png)
    .resize(Math.round((meta.width! * 300) / 203), Math.round((meta.height! * 300) / 203), {
      kernel: 'cubic',
    })
    .blur(0.8)
    .extend({ top: 40, bottom: 40, left: 40, right: 40, background: '#ffffff' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, w: info.width, h: info.height };
}
