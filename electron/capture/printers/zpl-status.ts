// The ~HS ("host status") answer of a ZPL printer: three strings, each framed STX … ETX CR LF.
//   1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l   b paper out, c paused, j RAM corrupt, k under temp, l over temp
//   2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www   o head up (open), p ribbon out
//   3: xxxx,y
// Firmware differs in padding and in a trailing field or two, so fields are read by position and
// anything short or not numeric is "garbage", never a guess.
import type { PrinterState } from '../../../shared/domain';

export const STX = 0x02;
export const ETX = 0x03;

export interface HostStatus {
  paperOut: boolean;
  paused: boolean;
  headOpen: boolean;
  ribbonOut: boolean;
  /** RAM corrupt, or the head too cold or too hot. */
  fault: boolean;
  /** Formats received and not yet printed. */
  formatsInBuffer: number;
}

/** The complete STX…ETX frames found so far in a byte stream. */
export function hostStatusFrames(text: string): string[] {
  const frames: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === STX) start = i + 1;
    else if (c === ETX && start >= 0) {
      frames.push(text.slice(start, i));
      start = -1;
    }
  }
  return frames;
}

const flag = (s: string | undefined) => (s === '1' ? true : s === '0' ? false : null);

export function parseHostStatus(frames: string[]): HostStatus | null {
  if (frames.length < 2) return null;
  const a = frames[0]!.split(',').map((f) => f.trim());
  const b = frames[1]!.split(',').map((f) => f.trim());
  if (a.length < 12 || b.length < 10) return null;
  const flags = [a[1], a[2], a[9], a[10], a[11], b[2], b[3]].map(flag);
  if (flags.some((f) => f === null) || !/^\d+$/.test(a[4]!)) return null;
  const [paperOut, paused, ram, cold, hot, headOpen, ribbonOut] = flags as boolean[];
  return {
    paperOut: paperOut!,
    paused: paused!,
    headOpen: headOpen!,
    ribbonOut: ribbonOut!,
    fault: ram! || cold! || hot!,
    formatsInBuffer: Number(a[4]),
  };
}

/** What the operator must fix first: an open head hides the paper sensor, so it comes first. */
export function stateOfHostStatus(s: HostStatus): PrinterState {
  if (s.headOpen) return 'head_open';
  if (s.paperOut || s.ribbonOut) return 'paper_out';
  if (s.fault) return 'error';
  if (s.paused) return 'paused';
  return 'ready';
}
