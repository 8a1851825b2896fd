// Report sequences as a keyboard-wedge reader sends them: for each character a report with
// the key down (and its modifiers), then an all-keys-up report. Written from the HID usage
// tables (page 0x07), independently of the decoder's layout tables.
export const SHIFT = 0x02;
export const ALTGR = 0x40;
const U = {
  a: 0x04,
  b: 0x05,
  c: 0x06,
  d: 0x07,
  e: 0x08,
  i: 0x0c,
  p: 0x13,
  r: 0x15,
  s: 0x16,
  d1: 0x1e,
  d2: 0x1f,
  d3: 0x20,
  d4: 0x21,
  d5: 0x22,
  d6: 0x23,
  d7: 0x24,
  d8: 0x25,
  d9: 0x26,
  d0: 0x27,
  enter: 0x28,
  backslash: 0x31,
  grave: 0x35,
  tab: 0x2b,
} as const;

export const report = (mod: number, ...keys: number[]) =>
  Uint8Array.from([mod, 0, ...keys, 0, 0, 0, 0, 0, 0].slice(0, 8));
export const UP = report(0);

type Stroke = [mod: number, usage: number];
const DIGITS: Record<string, number> = {
  '1': U.d1,
  '2': U.d2,
  '3': U.d3,
  '4': U.d4,
  '5': U.d5,
  '6': U.d6,
  '7': U.d7,
  '8': U.d8,
  '9': U.d9,
  '0': U.d0,
};
const LETTERS: Record<string, number> = {
  A: U.a,
  B: U.b,
  C: U.c,
  D: U.d,
  E: U.e,
  I: U.i,
  P: U.p,
  R: U.r,
  S: U.s,
};

/** '|' per layout: US Shift+\ ; Latin-American the key left of 1 ; Spain AltGr+1. */
const BAR: Record<'us' | 'latam' | 'es', Stroke> = {
  us: [SHIFT, U.backslash],
  latam: [0, U.grave],
  es: [ALTGR, U.d1],
};

export function strokes(text: string, layout: 'us' | 'latam' | 'es'): Stroke[] {
  return [...text].map((ch): Stroke => {
    if (ch === '|') return BAR[layout];
    if (DIGITS[ch]) return [0, DIGITS[ch]];
    if (LETTERS[ch]) return [SHIFT, LETTERS[ch]];
    throw new Error(`no stroke for ${ch}`);
  });
}

/** Down/up report pairs for `text`, then Enter. */
export function typed(text: string, layout: 'us' | 'latam' | 'es' = 'us'): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const [mod, usage] of strokes(text, layout)) out.push(report(mod, usage), UP);
  out.push(report(0, U.enter), UP);
  return out;
}

export const KEY = U;
