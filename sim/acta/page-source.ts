// The simulated scanner's pages for `npm start` and end-to-end tests: realistic actas, with the
// defects real scans have at a configurable rate (12% of rehearsal images were unusable).
import { createRng } from './rng';
import { encodePage, renderActaPage } from './page';
import { REJECT_DEFECTS } from './corpus';
import { scanWithDefect } from './defects';
import type { SimPageSource } from '../devices/scanner';
import type { ActaKey } from '../../shared/acta-key';

export interface ActaPageSourceOptions {
  /** Share of sheets scanned with a defect the gate must reject (0–1). */
  defectRate: number;
  /** Seed of the sequence; the same seed gives the same actas and defects. */
  seed?: number;
  /** Keys to print on the QR labels, in turn (e.g. the catalogue's); random when empty. */
  keys?: readonly ActaKey[];
  /**
   * The key of the acta being scanned now, if known: the operator feeds the acta they just
   * received, so its label must carry that key (it wins over `keys`).
   */
  currentKey?: () => ActaKey | undefined;
  /**
   * What the QR of the acopio label printed for that acta holds (key + acopio stamp), if known:
   * the sheet carries the label stuck on at acopio, so the scan shows that QR.
   */
  currentLabelText?: () => string | undefined;
}

export function actaPageSource(opts: ActaPageSourceOptions): SimPageSource {
  const rng = createRng(opts.seed ?? Date.now() % 2 ** 31);
  let sheet = 0;
  return async (_index, options) => {
    const seed = rng.int(1, 2 ** 31 - 2);
    const key = opts.currentKey?.() ?? (opts.keys?.length ? opts.keys[sheet % opts.keys.length] : undefined);
    sheet++;
    const colour = options.mode === 'color' ? 'colour' : 'grey';
    const qrText = opts.currentKey?.() ? opts.currentLabelText?.() : undefined;
    const acta = await renderActaPage({
      seed,
      colour,
      ...(key ? { key } : {}),
      ...(qrText ? { qrText } : {}),
    });
    if (rng.next() >= opts.defectRate) return { bytes: await encodePage(acta.page, 'png'), format: 'png' };
    const defect = rng.pick(REJECT_DEFECTS);
    const scanned = await scanWithDefect(acta.optical, defect, seed);
    const format = scanned.jpegQuality !== undefined ? 'jpeg' : 'png';
    return { bytes: await encodePage(scanned.page, format, scanned.jpegQuality), format };
  };
}
