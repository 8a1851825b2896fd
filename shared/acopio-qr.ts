// What the acopio label's QR holds: the acta key exactly as the gate reads it, then, after one
// space, the acopio stamp: "PREP|2024|PRES|09|05|1234|B|1|8 A|20261202T122100-0600|42|K7Q3M9XD"
// (acopio local time with its UTC offset, the station's acopio sequence number, and a short code
// the station derives from its key so a forged label can be told apart). The key comes first and
// alone up to the space, so a reader that only knows keys still finds one there.

export interface AcopioQrStamp {
  /** Local acopio time with offset, compact: "20261202T122100-0600". */
  at: string;
  /** The station's acopio sequence number. */
  seq: number;
  /** Short code (8 chars, base32) derived from the station's key. */
  code: string;
}

const STAMP = /^A\|(\d{8}T\d{6}[+-]\d{4})\|([1-9]\d{0,8})\|([A-Z2-7]{8})$/;

export function formatAcopioQr(keyText: string, s: AcopioQrStamp): string {
  return `${keyText} A|${s.at}|${s.seq}|${s.code}`;
}

/** The key part of a QR's text (all of it when there is no acopio stamp). */
export function actaKeyTextOfQr(text: string): string {
  const t = text.trim();
  const space = t.indexOf(' ');
  return space < 0 ? t : t.slice(0, space);
}

/** The acopio stamp a QR carries, or null when it carries none (or a malformed one). */
export function acopioStampOfQr(text: string): AcopioQrStamp | null {
  const t = text.trim();
  const space = t.indexOf(' ');
  if (space < 0) return null;
  const m = STAMP.exec(t.slice(space + 1));
  if (!m) return null;
  return { at: m[1]!, seq: Number(m[2]), code: m[3]! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A stored time (UTC + offset minutes east) as the QR carries it. */
export function compactLocalTime(utc: string, offsetMinutes: number): string {
  const local = new Date(Date.parse(utc) + offsetMinutes * 60_000);
  const off = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}T` +
    `${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}` +
    `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(off / 60))}${pad(off % 60)}`
  );
}

/** "dd/mm/yyyy hh:mm:ss UTC-06:00", the way the acopio time is shown and printed. */
export function displayLocalTime(utc: string, offsetMinutes: number): string {
  const local = new Date(Date.parse(utc) + offsetMinutes * 60_000);
  const off = Math.abs(offsetMinutes);
  return (
    `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ` +
    `UTC${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(off / 60))}:${pad(off % 60)}`
  );
}
