// From measurements to reasons: pure, so every limit is testable without an image.
import type { QualityThresholds } from './thresholds';
import type { SheetGeometry, SheetSide, SideName } from './page-find';
import type { GateInput, QualityReason, QualityReasonCode, QualitySeverity, QualityVerdict } from './types';

/** Letter paper, the sheet the PREP scans actas on. */
const LETTER_IN = { width: 8.5, height: 11 } as const;

/**
 * How much of the sheet is missing past each side, as a share of its length: where the bed shows
 * on one side and the paper runs off the image on the opposite one, the sheet was shifted, and its
 * size says by how much. Expected size: a letter sheet at the other axis's measured width (both its
 * edges seen), else at the file's density (300 dpi when it claims none or nonsense).
 */
function sheetShortfall(sheet: SheetGeometry, density: number | null): Record<SideName, number> {
  const out: Record<SideName, number> = { top: 0, bottom: 0, left: 0, right: 0 };
  const { top, bottom, left, right } = sheet.sides;
  const dpi = density !== null && density >= 100 && density <= 1200 ? density : 300;
  const seen = (a: SheetSide, b: SheetSide) => a.line !== null && b.line !== null;
  const expectedHeight = seen(left, right)
    ? (sheet.extent.width * LETTER_IN.height) / LETTER_IN.width
    : dpi * LETTER_IN.height;
  const expectedWidth = seen(top, bottom)
    ? (sheet.extent.height * LETTER_IN.width) / LETTER_IN.height
    : dpi * LETTER_IN.width;
  const lost = (extent: number, expected: number) => Math.max(0, 1 - extent / expected);
  if (top.line && !bottom.line) out.bottom = lost(sheet.extent.height, expectedHeight);
  if (bottom.line && !top.line) out.top = lost(sheet.extent.height, expectedHeight);
  if (left.line && !right.line) out.right = lost(sheet.extent.width, expectedWidth);
  if (right.line && !left.line) out.left = lost(sheet.extent.width, expectedWidth);
  return out;
}

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

export function judge(input: GateInput, t: QualityThresholds): QualityVerdict {
  const reasons: QualityReason[] = [];
  const add = (code: QualityReasonCode, severity: QualitySeverity, value: number, threshold: number) =>
    reasons.push({ code, severity, messageKey: `quality.reason.${code}`, value: round(value), threshold });
  const { page: m, file, qr } = input;

  // A blank sheet has no edges, lines or ink to judge: other checks would only add noise.
  if (m.markFraction < t.minMarkFraction) {
    add('blank', 'reject', m.markFraction, t.minMarkFraction);
    return { suitable: false, reasons };
  }

  const dpi = Math.min(file.width / LETTER_IN.width, file.height / LETTER_IN.height);
  if (dpi < t.minDpi) add('lowResolution', 'reject', dpi, t.minDpi);
  else if (file.density !== null && file.density > 0 && file.density < t.minDpi)
    add('lowResolution', 'reject', file.density, t.minDpi);

  if (m.paperLevel < t.minPaperLevel) add('tooDark', 'reject', m.paperLevel, t.minPaperLevel);
  if (m.inkLevel > t.maxInkLevel) add('overexposed', 'reject', m.inkLevel, t.maxInkLevel);
  if (m.contrast < t.minContrast) add('lowContrast', 'reject', m.contrast, t.minContrast);

  const [sx, sy, sd, sa] = m.sharpness;
  const weakest = Math.min(sx, sy, sd, sa);
  if (weakest < t.minSharpness) {
    // A sheet that moved smears one direction only; a defocused one, all of them.
    const pairRatio = Math.min(
      Math.min(sx, sy) / Math.max(sx, sy, 1e-9),
      Math.min(sd, sa) / Math.max(sd, sa, 1e-9),
    );
    add(pairRatio < t.motionRatio ? 'motionBlur' : 'blur', 'reject', weakest, t.minSharpness);
  }

  // Resized up from a lower resolution: the file has the pixels of 300 dpi but its printed detail
  // (edge rise, resampling lines) has less. Judged from the print, not from the sensor's grain,
  // which noise added later or compression change. A page already rejected as blurred or for its
  // pixel count is not judged again here.
  if (!reasons.some((r) => r.code === 'lowResolution' || r.code === 'blur' || r.code === 'motionBlur')) {
    const effective = dpi * m.detailScale;
    if (effective < t.minEffectiveDpi)
      add('lowEffectiveResolution', 'reject', Math.round(effective), t.minEffectiveDpi);
  }

  if (file.jpegQuality !== null && file.jpegQuality < t.minJpegQuality)
    add('compression', 'reject', file.jpegQuality, t.minJpegQuality);
  else if (m.blockiness > t.maxBlockiness) add('compression', 'reject', m.blockiness, t.maxBlockiness);

  // A slight lean is normal for a fed sheet and loses nothing (the stored original is not
  // straightened): the operator is told, not stopped.
  const lean = Math.abs(m.skewDegrees);
  if (lean > t.maxSkewDegrees) add('skew', 'reject', m.skewDegrees, t.maxSkewDegrees);
  else if (lean >= t.minReportedSkewDegrees) add('slightSkew', 'warn', m.skewDegrees, t.maxSkewDegrees);

  const edges: Array<[QualityReasonCode, keyof typeof m.edgeInk]> = [
    ['cutOffTop', 'top'],
    ['cutOffBottom', 'bottom'],
    ['cutOffLeft', 'left'],
    ['cutOffRight', 'right'],
  ];
  const shortfall = sheetShortfall(m.sheet, file.density);
  for (const [code, edge] of edges) {
    if (m.edgeInk[edge] > t.maxEdgeInk) add(code, 'reject', m.edgeInk[edge], t.maxEdgeInk);
    else if (m.margins[edge] < t.minMarginPx) add(code, 'reject', m.margins[edge], t.minMarginPx);
    else if (shortfall[edge] > t.maxSheetShortfall) add(code, 'reject', shortfall[edge], t.maxSheetShortfall);
  }

  if (m.fold && m.fold.legPx > t.maxFoldLegPx) add('foldedCorner', 'reject', m.fold.legPx, t.maxFoldLegPx);
  else if (m.fold && m.fold.legPx >= t.minFoldLegPx)
    add('foldedCornerSmall', 'warn', m.fold.legPx, t.maxFoldLegPx);

  const table = m.horizontalLines >= t.minHorizontalLines && m.verticalLines >= t.minVerticalLines;
  if (!qr.found && !table) add('notActa', 'reject', m.horizontalLines, t.minHorizontalLines);
  else if (!qr.found) add('qrUnreadable', 'warn', 0, 1);
  else if (!qr.keyValid) add('qrInvalidKey', 'warn', 0, 1);

  return { suitable: !reasons.some((r) => r.severity === 'reject'), reasons };
}
