// The acopio label: what gets printed on the acta (or stuck on it) when it is received, so the
// image carries its own acopio evidence and the QR makes identification at digitalización
// reliable. Pure content; how it is laid out for a label printer or a sheet is capture/printers.
import { parseActaKey, type ActaKey } from '../../shared/acta-key';
import {
  acopioStampOfQr,
  actaKeyTextOfQr,
  compactLocalTime,
  displayLocalTime,
  formatAcopioQr,
} from '../../shared/acopio-qr';
import type { ActaSummary } from '../../shared/workflow';
import { labelCode, verifyLabelCode, type LabelSecret } from '../security/label-code';

export interface AcopioLabel {
  catd: string;
  station: string;
  /** "02/12/2026 12:21:00 UTC-06:00". */
  acopioAt: string;
  /** The station's acopio sequence number (the acta's record id at this station). */
  seq: number;
  /** The key in words: "PRES · 09-05 · 1234 B1". */
  keyWords: string;
  /** What the QR holds: the key, then the acopio stamp (shared/acopio-qr.ts). */
  qrText: string;
  code: string;
  /** A supervisor's reprint: the label says so. */
  reprint: boolean;
}

export interface LabelStation {
  catd: string;
  station: string;
  secret: LabelSecret;
}

export function acopioLabelFor(
  acta: Pick<ActaSummary, 'id' | 'keyLabel' | 'display' | 'receivedAt'>,
  station: LabelStation,
  reprint = false,
): AcopioLabel {
  const at = compactLocalTime(acta.receivedAt.utc, acta.receivedAt.offsetMinutes);
  const code = labelCode(station.secret, { keyText: acta.keyLabel, at, seq: acta.id });
  return {
    catd: station.catd,
    station: station.station,
    acopioAt: displayLocalTime(acta.receivedAt.utc, acta.receivedAt.offsetMinutes),
    seq: acta.id,
    keyWords: acta.display,
    qrText: formatAcopioQr(acta.keyLabel, { at, seq: acta.id, code }),
    code,
    reprint,
  };
}

export type LabelCheck =
  | { verdict: 'genuine'; key: ActaKey; at: string; seq: number }
  /** A valid key with no acopio stamp: a label not printed at acopio (pre-printed, or older). */
  | { verdict: 'noStamp'; key: ActaKey }
  /** A stamp whose code this station would not print: forged, edited or from another station. */
  | { verdict: 'forged'; key: ActaKey; at: string; seq: number }
  | { verdict: 'invalidKey' };

/** What a label's QR text says about where it came from. */
export function checkAcopioLabel(secret: LabelSecret, qrText: string): LabelCheck {
  const keyText = actaKeyTextOfQr(qrText);
  const parsed = parseActaKey(keyText);
  if (!parsed.ok) return { verdict: 'invalidKey' };
  const s = acopioStampOfQr(qrText);
  if (!s) return { verdict: 'noStamp', key: parsed.key };
  const genuine = verifyLabelCode(secret, { keyText, at: s.at, seq: s.seq }, s.code);
  return { verdict: genuine ? 'genuine' : 'forged', key: parsed.key, at: s.at, seq: s.seq };
}
