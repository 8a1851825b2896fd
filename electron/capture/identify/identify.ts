// From a decoded QR (or its absence) to the acta key, or to a typed reason the operator can act
// on: no readable QR (type the key twice) versus a QR that holds something that is not a valid key
// (which field is wrong).
import { parseActaKey, type ActaKey, type ActaKeyError } from '../../../shared/acta-key';
import type { QrScan } from './qr';

export type Identification =
  | { ok: true; key: ActaKey; text: string; where: 'label' | 'page' }
  | { ok: false; error: 'qrUnreadable'; messageKey: 'quality.identify.qrUnreadable'; damaged: boolean }
  | { ok: false; error: 'qrInvalidKey'; messageKey: ActaKeyError; text: string };

export function identifyFromQr(scan: QrScan): Identification {
  if (!scan.found)
    return {
      ok: false,
      error: 'qrUnreadable',
      messageKey: 'quality.identify.qrUnreadable',
      damaged: scan.why === 'damaged',
    };
  const parsed = parseActaKey(scan.text);
  if (!parsed.ok)
    return { ok: false, error: 'qrInvalidKey', messageKey: parsed.error, text: scan.text.slice(0, 64) };
  return { ok: true, key: parsed.key, text: scan.text, where: scan.where };
}
