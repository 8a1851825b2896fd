// Splits the byte stream of a serial reader into scans. Serial data arrives in arbitrary
// chunks (a line may come in three pieces, or two lines in one), readers end lines with CR, LF
// or CR LF depending on their setting, and a noisy or mis-set line (wrong baud) produces bytes
// that are not text. The buffer is bounded: a line that never ends cannot grow it without limit.
import { MAX_SCAN_CHARS, type RawScan } from './reader';

export const LINE_ENDINGS = ['cr', 'lf', 'crlf', 'any'] as const;
export type LineEnding = (typeof LINE_ENDINGS)[number];

const CR = 0x0d;
const LF = 0x0a;
/** Framing characters some readers wrap a scan in (STX ... ETX): dropped, not an error. */
const STX = 0x02;
const ETX = 0x03;

export class LineAssembler {
  private buf: number[] = [];
  private overflow = false;
  private lastByteAt = 0;

  constructor(private readonly ending: LineEnding = 'any') {}

  /** Adds received bytes; returns the scans they completed. */
  push(chunk: Uint8Array, nowMs = 0): RawScan[] {
    this.lastByteAt = nowMs;
    const done: RawScan[] = [];
    for (const b of chunk) {
      if (this.isEnd(b)) {
        done.push(this.take());
        continue;
      }
      if (b === CR || b === LF) continue; // the other half of a CR LF pair, or a stray one
      if (b === STX || b === ETX) continue;
      if (this.buf.length >= MAX_SCAN_CHARS * 4) this.overflow = true;
      else this.buf.push(b);
    }
    return done;
  }

  /** Ends a line left unfinished for `idleMs` (reader unplugged mid-line); null if none. */
  flushIfIdle(nowMs: number, idleMs: number): RawScan | null {
    if ((this.buf.length === 0 && !this.overflow) || nowMs - this.lastByteAt < idleMs) return null;
    const scan: RawScan = { text: decodeText(this.buf).text, problem: 'incomplete' };
    this.buf = [];
    this.overflow = false;
    return scan;
  }

  get pendingBytes(): number {
    return this.buf.length;
  }

  private isEnd(b: number): boolean {
    switch (this.ending) {
      case 'cr':
        return b === CR;
      case 'lf':
      case 'crlf':
        // CR LF: the LF ends the line; the CR before it is skipped above.
        return b === LF;
      case 'any':
        return b === CR || b === LF;
    }
  }

  private take(): RawScan {
    const { text, clean } = decodeText(this.buf);
    const tooLong = this.overflow || text.length > MAX_SCAN_CHARS;
    this.buf = [];
    this.overflow = false;
    return {
      text: tooLong ? text.slice(0, MAX_SCAN_CHARS) : text,
      problem: tooLong ? 'tooLong' : clean ? null : 'garbled',
    };
  }
}

/** UTF-8 text with control characters and invalid bytes shown as U+FFFD, and whether it was clean. */
function decodeText(bytes: number[]): { text: string; clean: boolean } {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
  // eslint-disable-next-line no-control-regex
  const shown = text.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
  return { text: shown, clean: !shown.includes('\ufffd') };
}
