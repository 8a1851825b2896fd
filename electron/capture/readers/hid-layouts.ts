// Keyboard layouts for keyboard-wedge readers. A reader does not send characters: it sends key
// positions (HID usage IDs, page 0x07) as a keyboard of the layout it was configured for would,
// so the same '|' arrives as a different key depending on that setting. In the US layout '|'
// is Shift + the backslash key (0x31); Latin-American readers send the key left of '1' (0x35)
// without Shift; Spanish (Spain) readers send AltGr + 1. Dead keys (accents) are left out: no
// acta label uses them, and a dead key alone produces no character.
import { z } from 'zod';

export const KEYBOARD_LAYOUTS = ['us', 'latam', 'es'] as const;
export const KeyboardLayoutSchema = z.enum(KEYBOARD_LAYOUTS);
export type KeyboardLayout = z.infer<typeof KeyboardLayoutSchema>;

/** [plain, with Shift, with AltGr]; undefined where the key gives nothing. */
type KeyChars = readonly [string | undefined, string | undefined, (string | undefined)?];
type LayoutTable = ReadonlyMap<number, KeyChars>;

export const HID_KEY_ENTER = 0x28;
export const HID_KEY_KEYPAD_ENTER = 0x58;
/** Sent in every key slot when too many keys are down at once: the report says nothing. */
export const HID_ERROR_ROLLOVER = 0x01;

function table(
  shiftedDigits: string,
  punctuation: Record<number, KeyChars>,
  altGr: Record<number, string> = {},
): LayoutTable {
  const m = new Map<number, KeyChars>();
  for (let i = 0; i < 26; i++) {
    const c = String.fromCharCode(97 + i);
    m.set(0x04 + i, [c, c.toUpperCase(), altGr[0x04 + i]]);
  }
  const digits = '1234567890';
  for (let i = 0; i < 10; i++) m.set(0x1e + i, [digits[i], shiftedDigits[i], altGr[0x1e + i]]);
  m.set(0x2c, [' ', ' ']);
  for (const [k, chars] of Object.entries(punctuation)) {
    m.set(Number(k), [chars[0], chars[1], altGr[Number(k)] ?? chars[2]]);
  }
  // Keypad (Num Lock on, as readers that use it assume): the same in every layout.
  const keypad: Record<number, string> = { 0x54: '/', 0x55: '*', 0x56: '-', 0x57: '+', 0x63: '.' };
  for (let i = 0; i < 9; i++) keypad[0x59 + i] = String(i + 1);
  keypad[0x62] = '0';
  for (const [k, c] of Object.entries(keypad)) m.set(Number(k), [c, c]);
  return m;
}

const LAYOUTS: Record<KeyboardLayout, LayoutTable> = {
  us: table('!@#$%^&*()', {
    0x2d: ['-', '_'],
    0x2e: ['=', '+'],
    0x2f: ['[', '{'],
    0x30: [']', '}'],
    0x31: ['\\', '|'],
    0x32: ['\\', '|'],
    0x33: [';', ':'],
    0x34: ["'", '"'],
    0x35: ['`', '~'],
    0x36: [',', '<'],
    0x37: ['.', '>'],
    0x38: ['/', '?'],
    0x64: ['<', '>'],
  }),
  latam: table(
    '!"#$%&/()=',
    {
      0x2d: ["'", '?'],
      0x2e: ['¿', '¡'],
      0x30: ['+', '*'],
      0x31: ['}', ']'],
      0x32: ['}', ']'],
      0x33: ['ñ', 'Ñ'],
      0x34: ['{', '['],
      0x35: ['|', '°'],
      0x36: [',', ';'],
      0x37: ['.', ':'],
      0x38: ['-', '_'],
      0x64: ['<', '>'],
    },
    { 0x14: '@', 0x35: '¬', 0x2d: '\\' },
  ),
  es: table(
    '!"·$%&/()=',
    {
      0x2d: ["'", '?'],
      0x2e: ['¡', '¿'],
      0x30: ['+', '*'],
      0x31: ['ç', 'Ç'],
      0x32: ['ç', 'Ç'],
      0x33: ['ñ', 'Ñ'],
      0x35: ['º', 'ª'],
      0x36: [',', ';'],
      0x37: ['.', ':'],
      0x38: ['-', '_'],
      0x64: ['<', '>'],
    },
    { 0x1e: '|', 0x1f: '@', 0x20: '#', 0x35: '\\', 0x2f: '[', 0x30: ']' },
  ),
};

/** The character a key gives in a layout with these modifiers, or null (no character). */
export function keyToChar(
  layout: KeyboardLayout,
  usage: number,
  shift: boolean,
  altGr: boolean,
): string | null {
  const chars = LAYOUTS[layout].get(usage);
  if (!chars) return null;
  const c = altGr ? chars[2] : shift ? chars[1] : chars[0];
  return c ?? null;
}
