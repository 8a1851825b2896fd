// A received acta and a station key, for the label tests.
import sharp from 'sharp';
import { formatActaKeyLabel, displayActaKey, parseActaKey, type ActaKey } from '../../../../shared/acta-key';
import { generateKeyPair } from '../../../../electron/platform/signing';
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

export function station(): LabelStation {
  return { catd: 'CATD 09-05', station: 'EST-03', secret: labelSecretOf(generateKeyPair()) };
}

export function label(st = station(), reprint = false) {
  return acopioLabelFor(ACTA, st, reprint);
}

/** An image file (PNG, PPM...) as 8-bit grey pixels. */
export async function greyOf(file: string | Buffer) {
  const { data, info } = await sharp(file).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data, w: info.width, h: info.height };
}
