// From a decoded QR (or its absence) to the acta key, or to a typed reason the operator can act
// on: no readable QR (type the key twice) versus a QR that holds something that is not a valid key
// (which field is wrong).
import { parseActaKey, type ActaKey, type ActaKeyError } from '../../../shared/acta-key';
import { actaKeyTextOfQr } from '../../../shared/acopio-qr';
import type { QrScan } from './qr';
import { err, ok, type Result } from '../../platform/result';

/** The acta key a QR holds, its text, and whether it was read on the label or elsewhere on the page. */
export interface QrIdentity {
  key: ActaKey;
  text: string;
  where: 'label' | 'page';
}

export type IdentificationError =
  | { code: 'qrUnreadable'; messageKey: 'quality.identify.qrUnreadable'; damaged: boolean }
  | { code: 'qrInvalidKey'; messageKey: ActaKeyError; text: string };

export type Identification = Result<QrIdentity, IdentificationError>;

export function identifyFromQr(scan: QrScan): Identification {
  if (!scan.found)
    return err({
      code: 'qrUnreadable',
      messageKey: 'quality.identify.qrUnreadable',
      damaged: scan.why === 'damaged',
    });
  // A printed acopio label carries its stamp after the key (shared/acopio-qr.ts).
  const parsed = parseActaKey(actaKeyTextOfQr(scan.text));
  if (!parsed.ok)
    return err({ code: 'qrInvalidKey', messageKey: parsed.error, text: scan.text.slice(0, 64) });
  return ok({ key: parsed.key, text: scan.text, where: scan.where });
}
