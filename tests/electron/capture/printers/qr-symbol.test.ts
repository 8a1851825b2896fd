// The label's QR is one our own reader reads: for each of many labels, the symbol reads at every
// module size a 300-dpi scan of the label can show (3 to 5 dots at 203 dpi → 4.4 to 7.4 px), sharp
// and softened as a thermal print seen through a scanner's optics.
import { describe, expect, it } from 'vitest';
import { readableQrSymbol } from '../../../../electron/capture/printers/qr-symbol';
import { scanQr } from '../../../../electron/capture/identify/qr';
import { ACTA } from './label-fixture';

const CHECK_PX = [4.43, 5.91, 7.39];
const QUIET = 4;
const WHOLE = { left: 0, top: 0, width: 1, height: 1 };

function render(size: number, modules: Uint8Array, px: number, soften: boolean) {
  const quiet = QUIET * px;
  const w = Math.ceil(size * px + 2 * quiet);
  const g = new Uint8Array(w * w).fill(255);
  for (let y = 0; y < w; y++) {
    const r = Math.floor((y - quiet) / px);
    if (r < 0 || r >= size) continue;
    for (let x = 0; x < w; x++) {
      const c = Math.floor((x - quiet) / px);
      if (c >= 0 && c < size && modules[r * size + c]) g[y * w + x] = 0;
    }
  }
  if (!soften) return { g, w };
  const b = new Uint8Array(w * w);
  for (let y = 0; y < w; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || xx < 0 || yy >= w || xx >= w) continue;
          s += g[yy * w + xx]!;
          n++;
        }
      b[y * w + x] = Math.round(s / n);
    }
  return { g: b, w };
}

describe('readable QR symbol', () => {
  it('reads for 40 labels at every module size a 300-dpi scan shows, sharp and softened', async () => {
    const unread: string[] = [];
    for (let seq = 1; seq <= 40; seq++) {
      const code = seq.toString(32).toUpperCase().padStart(8, 'A').replace(/[01]/g, 'Q');
      const text = `${ACTA.keyLabel} A|20261202T122107-0600|${seq * 97}|${code}`;
      const s = readableQrSymbol(text);
      for (const px of CHECK_PX)
        for (const soften of [false, true]) {
          const { g, w } = render(s.size, s.modules, px, soften);
          const scan = await scanQr(g, w, w, WHOLE);
          if (!(scan.found && scan.text === text))
            unread.push(`label ${seq} at ${px} px${soften ? ' soft' : ''}`);
        }
    }
    expect(unread).toEqual([]);
  });
});
