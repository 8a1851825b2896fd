// The label's QR symbol, chosen so that our own reader reads it. zxing (the gate's reader) misses
// some perfectly clean symbols at some module sizes, and which ones depends on the mask pattern.
// Measured on 150 random labels, 4-dot modules at 203 dpi resampled to 280/300/320 dpi and
// softened (450 reads per mask), unread: mask 0: 27, 1: 4, 2: 4, 3: 122, 4: 7, 5: 0, 6: 11,
// 7: 8; the encoder's own choice (lowest ISO penalty) left 4 in 100 unread. So masks are tried in
// that measured order, and the first that reads at every module size a 300-dpi scan of the label
// can show (3 to 5 dots → 4.4 to 7.4 px), sharp and softened, is the one printed (~30 ms a try).
// Residual, measured the same way with the chosen symbol: 2 in 300 labels unread at one
// resampling phase — a scan that misses is re-read by the gate on the whole page, or rescanned.
import QRCode, { type QRCodeMaskPattern } from 'qrcode';
import { scanQr } from '../identify/qr';

export interface QrSymbol {
  size: number;
  /** Row-major, 1 = dark. */
  modules: Uint8Array;
  mask: number;
  /** False only when no mask read everywhere (then the encoder's choice is used). */
  selfChecked: boolean;
}

/** px per module at 300 dpi for the module sizes the label uses (dots at 203 dpi). */
const CHECK_PX = [4.43, 5.91, 7.39];
const QUIET = 4;
/** Masks, most readable by zxing first (see above). */
const MASK_PREFERENCE: readonly [QRCodeMaskPattern, ...QRCodeMaskPattern[]] = [5, 1, 2, 4, 7, 6, 0, 3];
const WHOLE = { left: 0, top: 0, width: 1, height: 1 };

/** The symbol with its quiet zone at `px` pixels per module; `soften`: a 3×3 box blur after. */
function render(
  size: number,
  modules: Uint8Array,
  px: number,
  soften: boolean,
): { g: Uint8Array; w: number } {
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
  // The softness of a thermal print seen through a scanner's optics.
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

function readsEverywhere(text: string, size: number, modules: Uint8Array): boolean {
  return CHECK_PX.every((px) =>
    [false, true].every((soften) => {
      const { g, w } = render(size, modules, px, soften);
      const scan = scanQr(g, w, w, WHOLE);
      return scan.found && scan.text === text;
    }),
  );
}

export function readableQrSymbol(text: string): QrSymbol {
  // M: 15 % of the symbol can be lost (a scuff, a fold) and it still reads.
  for (const mask of MASK_PREFERENCE) {
    const q = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern: mask });
    const modules = Uint8Array.from(q.modules.data);
    if (readsEverywhere(text, q.modules.size, modules))
      return { size: q.modules.size, modules, mask, selfChecked: true };
  }
  const q = QRCode.create(text, { errorCorrectionLevel: 'M', maskPattern: MASK_PREFERENCE[0] });
  return {
    size: q.modules.size,
    modules: Uint8Array.from(q.modules.data),
    mask: MASK_PREFERENCE[0],
    selfChecked: false,
  };
}
