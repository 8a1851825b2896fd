// The acta key as the QR label at the CATD carries it: PREP|2024|PRES|09|05|1234|B|1|8 =
// program, year, election, entidad (2 digits), distrito (2 digits), sección (4 digits), casilla
// type (B básica, C contigua, E extraordinaria, S especial) and number, and a Luhn mod 10 check
// digit over every digit of the preceding fields, in order.

export const CASILLA_TYPES = ['B', 'C', 'E', 'S'] as const;
export type CasillaType = (typeof CASILLA_TYPES)[number];

export interface ActaKey {
  year: number;
  /** Election code: PRES, SEN, DIP, GUB, AYU, ... */
  election: string;
  entidad: string;
  distrito: string;
  seccion: string;
  casillaType: CasillaType;
  casillaNumber: number;
}

export type ActaKeyError =
  | 'actaKey.error.empty'
  | 'actaKey.error.fields'
  | 'actaKey.error.program'
  | 'actaKey.error.year'
  | 'actaKey.error.election'
  | 'actaKey.error.entidad'
  | 'actaKey.error.distrito'
  | 'actaKey.error.seccion'
  | 'actaKey.error.casillaType'
  | 'actaKey.error.casillaNumber'
  | 'actaKey.error.checkDigit';

export type ActaKeyResult = { ok: true; key: ActaKey } | { ok: false; error: ActaKeyError };

/** Longest text accepted from a reader or a keyboard before parsing (a QR label is ~30 chars). */
export const MAX_ACTA_KEY_TEXT = 64;

/** Standard Luhn check digit for a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Rightmost payload digit is doubled: the check digit will be appended to its right.
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function payloadDigits(k: ActaKey): string {
  return `${k.year}${k.entidad}${k.distrito}${k.seccion}${k.casillaNumber}`;
}

export function parseActaKey(text: string): ActaKeyResult {
  const raw = text.trim();
  if (raw === '') return { ok: false, error: 'actaKey.error.empty' };
  if (raw.length > MAX_ACTA_KEY_TEXT) return { ok: false, error: 'actaKey.error.fields' };
  const f = raw.split('|');
  if (f.length !== 9) return { ok: false, error: 'actaKey.error.fields' };
  const [program, year, election, entidad, distrito, seccion, type, number, check] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (program !== 'PREP') return { ok: false, error: 'actaKey.error.program' };
  if (!/^20\d\d$/.test(year)) return { ok: false, error: 'actaKey.error.year' };
  if (!/^[A-Z]{2,6}$/.test(election)) return { ok: false, error: 'actaKey.error.election' };
  if (!/^\d\d$/.test(entidad) || +entidad < 1 || +entidad > 32)
    return { ok: false, error: 'actaKey.error.entidad' };
  if (!/^\d\d$/.test(distrito) || +distrito < 1) return { ok: false, error: 'actaKey.error.distrito' };
  if (!/^\d{4}$/.test(seccion) || +seccion < 1) return { ok: false, error: 'actaKey.error.seccion' };
  if (!(CASILLA_TYPES as readonly string[]).includes(type))
    return { ok: false, error: 'actaKey.error.casillaType' };
  if (!/^[1-9]\d{0,2}$/.test(number)) return { ok: false, error: 'actaKey.error.casillaNumber' };
  const key: ActaKey = {
    year: +year,
    election,
    entidad,
    distrito,
    seccion,
    casillaType: type as CasillaType,
    casillaNumber: +number,
  };
  if (!/^\d$/.test(check) || luhnCheckDigit(payloadDigits(key)) !== +check) {
    return { ok: false, error: 'actaKey.error.checkDigit' };
  }
  return { ok: true, key };
}

/** The label text for a key, check digit included (what a QR label holds). */
export function formatActaKeyLabel(k: ActaKey): string {
  const check = luhnCheckDigit(payloadDigits(k));
  return [
    'PREP',
    k.year,
    k.election,
    k.entidad,
    k.distrito,
    k.seccion,
    k.casillaType,
    k.casillaNumber,
    check,
  ].join('|');
}

/** How people read a key: "PRES · 09-05 · 1234 B1". */
export function displayActaKey(k: ActaKey): string {
  return `${k.election} · ${k.entidad}-${k.distrito} · ${k.seccion} ${k.casillaType}${k.casillaNumber}`;
}

/** A stable identity for storage and deduplication (no check digit). */
export function actaKeyId(k: ActaKey): string {
  return `${k.year}-${k.election}-${k.entidad}-${k.distrito}-${k.seccion}-${k.casillaType}${k.casillaNumber}`;
}
