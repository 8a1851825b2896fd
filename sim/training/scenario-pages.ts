// The simulated scanner's sheets in training: the scenario's, not random ones. The operator feeds
// the acta they just received, so the sheet is that acta's; the n-th scan of it is the n-th sheet
// the scenario lists for its casilla (a defective one the gate should reject, then the rescan),
// and every scan after the list is good. Each sheet fed is reported with its truth, for scoring.
import sharp from 'sharp';
import { actaKeyId, type ActaKey } from '../../shared/acta-key';
import {
  scenarioKey,
  scenarioKeyLabel,
  type Scenario,
  type SheetDefect,
} from '../../shared/training/scenario';
import type { SimPageSource } from '../devices/scanner';
import { scanWithDefect, type Defect } from '../acta/defects';
import { encodePage, QR_LABEL_BOX, renderActaPage, type RawPage } from '../acta/page';

/** The image defects, each at a severity well past the gate's threshold (sim/acta/corpus.ts). */
const IMAGE_DEFECTS: Record<Exclude<SheetDefect, 'qrDamaged' | 'otherActaQr'>, Defect> = {
  blur: { kind: 'blur', sigma: 4 },
  cutOff: { kind: 'cutOff', edge: 'bottom', fraction: 0.12 },
  fold: { kind: 'foldedCorner', corner: 'bottomRight', leg: 700 },
  dark: { kind: 'tooDark', gain: 0.35 },
  lowResolution: { kind: 'lowResolution', dpi: 75 },
  skew: { kind: 'skew', degrees: 7 },
};

export interface FedSheet {
  /** 1-based, over the whole session. */
  sheetNo: number;
  /** actaKeyId of the acta being scanned (null: no acta known, a random page). */
  keyId: string | null;
  /** The scenario's truth about this sheet. */
  defect: SheetDefect | null;
}

export interface ScenarioPagesOptions {
  currentKey: () => ActaKey | undefined;
  currentLabelText?: () => string | undefined;
  onSheet?: (sheet: FedSheet) => void;
  /** Defects left to the trainer's hands (a printed pack): those sheets are printed clean. */
  byHand?: ReadonlySet<SheetDefect>;
}

/** A smudge over the QR label: the code no longer reads (the key must be typed). */
async function smudgeLabel(page: RawPage): Promise<RawPage> {
  const { left, top, width, height } = QR_LABEL_BOX;
  const blot = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      // An ink blot over the code (the printed key below it stays legible, as on real damaged labels).
      `<ellipse cx="${width * 0.5}" cy="${height * 0.4}" rx="${width * 0.4}" ry="${height * 0.36}" fill="rgb(50,45,40)"/></svg>`,
  );
  const { data, info } = await sharp(page.data, {
    raw: { width: page.width, height: page.height, channels: page.channels },
  })
    .composite([{ input: blot, left, top }])
    .toColourspace(page.channels === 1 ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 1 | 3 };
}

/** The sheets of each casilla's key, in the order the scenario lists them (repeated arrivals too). */
function sheetsByKey(s: Scenario): Map<string, Scenario['actas'][number]['sheets']> {
  const out = new Map<string, Scenario['actas'][number]['sheets']>();
  for (const a of s.actas) {
    const id = actaKeyId(scenarioKey(s, a.casilla));
    out.set(id, [...(out.get(id) ?? []), ...a.sheets]);
  }
  return out;
}

export function scenarioPageSource(s: Scenario, opts: ScenarioPagesOptions): SimPageSource {
  const sheets = sheetsByKey(s);
  const scans = new Map<string, number>();
  let sheetNo = 0;
  return async (_index, options) => {
    sheetNo++;
    const key = opts.currentKey();
    const keyId = key ? actaKeyId(key) : null;
    const n = keyId ? (scans.get(keyId) ?? 0) : 0;
    if (keyId) scans.set(keyId, n + 1);
    const sheet = keyId ? (sheets.get(keyId)?.[n] ?? 'good') : 'good';
    const defect = sheet === 'good' ? null : sheet.defect;
    opts.onSheet?.({ sheetNo, keyId, defect });
    // The same casilla's page looks the same on every scan (same handwriting), as real paper does.
    const seed =
      s.seed * 1000 + (keyId ? [...keyId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, 7) : sheetNo);
    const labelText = opts.currentLabelText?.();
    const qrText =
      sheet !== 'good' && sheet.defect === 'otherActaQr' && sheet.qrOf
        ? scenarioKeyLabel(s, sheet.qrOf)
        : labelText;
    const acta = await renderActaPage({
      seed,
      colour: options.mode === 'color' ? 'colour' : 'grey',
      ...(key ? { key } : {}),
      ...(qrText ? { qrText } : {}),
    });
    if (defect === null || defect === 'otherActaQr' || opts.byHand?.has(defect))
      return { bytes: await encodePage(acta.page, 'png'), format: 'png' };
    if (defect === 'qrDamaged')
      return { bytes: await encodePage(await smudgeLabel(acta.page), 'png'), format: 'png' };
    const scanned = await scanWithDefect(acta.optical, IMAGE_DEFECTS[defect], seed);
    const format = scanned.jpegQuality !== undefined ? 'jpeg' : 'png';
    return { bytes: await encodePage(scanned.page, format, scanned.jpegQuality), format };
  };
}

export interface PackSheet {
  casilla: string;
  keyLabel: string;
  /** 1-based order in the pack. */
  sheetNo: number;
  defect: SheetDefect | null;
  png: Buffer;
}

/**
 * Every sheet of the scenario, in arrival order, as printable pages (300 dpi grey PNG, no sensor
 * defects beyond what the scenario asks): the trainer's paper for a rehearsal on a real scanner.
 */
export async function packSheets(s: Scenario, byHand: ReadonlySet<SheetDefect>): Promise<PackSheet[]> {
  let key: ActaKey | undefined;
  const fed: FedSheet[] = [];
  const source = scenarioPageSource(s, { currentKey: () => key, byHand, onSheet: (f) => fed.push(f) });
  const out: PackSheet[] = [];
  for (const a of s.actas) {
    key = scenarioKey(s, a.casilla);
    for (let i = 0; i < a.sheets.length; i++) {
      const page = await source(1, {
        mode: 'gray',
        resolutionDpi: 300,
        source: 'feeder',
        pageSize: 'letter',
      });
      const png = page.format === 'png' ? page.bytes : await sharp(page.bytes).png().toBuffer();
      out.push({
        casilla: a.casilla,
        keyLabel: scenarioKeyLabel(s, a.casilla),
        sheetNo: out.length + 1,
        defect: fed[fed.length - 1]!.defect,
        png: Buffer.from(png),
      });
    }
  }
  return out;
}
