// Turns HID boot-keyboard input reports into scans. A report is 8 bytes: modifier bits,
// a reserved byte, and up to 6 usage IDs of the keys down *now*. A key appears in every report
// while it is held, so only keys that were not in the previous report are new keystrokes;
// the same character twice needs a report without it in between, as on a real keyboard.
import {
  HID_ERROR_ROLLOVER,
  HID_KEY_ENTER,
  HID_KEY_KEYPAD_ENTER,
  keyToChar,
  type KeyboardLayout,
} from './hid-layouts';
import { MAX_SCAN_CHARS, type RawScan } from './reader';

export const BOOT_REPORT_LENGTH = 8;
const MOD_LEFT_SHIFT = 0x02;
const MOD_RIGHT_SHIFT = 0x20;
/** Right Alt is AltGr in the Latin-American and Spanish layouts. */
const MOD_RIGHT_ALT = 0x40;
const MOD_CTRL = 0x01 | 0x10;

export interface HidDecoderOptions {
  layout: KeyboardLayout;
  /** Bytes before the boot report (1 when the device numbers its reports). */
  reportIdBytes?: number;
}

export class HidScanDecoder {
  private held: number[] = [];
  private text = '';
  private overflow = false;
  private sawUnknown = false;

  constructor(private readonly opts: HidDecoderOptions) {}

  /** Feeds one input report; returns the scans it completed (usually none or one). */
  push(report: Uint8Array): RawScan[] {
    const off = this.opts.reportIdBytes ?? 0;
    if (report.length < off + BOOT_REPORT_LENGTH) return [];
    const modifiers = report[off]!;
    const keys = [...report.subarray(off + 2, off + BOOT_REPORT_LENGTH)].filter((k) => k !== 0);
    if (keys.includes(HID_ERROR_ROLLOVER)) return [];
    const fresh = keys.filter((k) => !this.held.includes(k));
    this.held = keys;
    const done: RawScan[] = [];
    const shift = (modifiers & (MOD_LEFT_SHIFT | MOD_RIGHT_SHIFT)) !== 0;
    const altGr = (modifiers & MOD_RIGHT_ALT) !== 0;
    const ctrl = (modifiers & MOD_CTRL) !== 0;
    for (const usage of fresh) {
      if (usage === HID_KEY_ENTER || usage === HID_KEY_KEYPAD_ENTER) {
        done.push(this.take());
        continue;
      }
      const c = ctrl ? null : keyToChar(this.opts.layout, usage, shift, altGr);
      if (c === null) {
        // A key with no character in this layout (Tab, F-keys, Ctrl+...): the reader is
        // configured for another layout or sends a prefix; remember it so the scan is flagged.
        this.sawUnknown = true;
        continue;
      }
      if (this.text.length >= MAX_SCAN_CHARS) this.overflow = true;
      else this.text += c;
    }
    return done;
  }

  /** Text typed since the last Enter. */
  get pending(): string {
    return this.text;
  }

  /** Ends an unfinished scan (reader went quiet or away mid-scan); null if nothing was typed. */
  abandon(): RawScan | null {
    if (this.text === '' && !this.overflow) {
      this.reset();
      return null;
    }
    const scan: RawScan = { text: this.text, problem: 'incomplete' };
    this.reset();
    return scan;
  }

  reset(): void {
    this.held = [];
    this.text = '';
    this.overflow = false;
    this.sawUnknown = false;
  }

  private take(): RawScan {
    const scan: RawScan = {
      text: this.text,
      problem: this.overflow ? 'tooLong' : this.sawUnknown ? 'garbled' : null,
    };
    this.text = '';
    this.overflow = false;
    this.sawUnknown = false;
    return scan;
  }
}

/** Decodes a recorded sequence of reports in one go. */
export function decodeHidReports(
  reports: readonly Uint8Array[],
  opts: HidDecoderOptions,
): { scans: RawScan[]; pending: string } {
  const d = new HidScanDecoder(opts);
  const scans = reports.flatMap((r) => d.push(r));
  return { scans, pending: d.pending };
}
