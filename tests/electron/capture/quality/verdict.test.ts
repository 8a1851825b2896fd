// The verdict from measurements: each limit, and "suitable is false exactly when a reject exists".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUALITY_THRESHOLDS as T,
  judge,
  QualityThresholdsSchema,
} from '../../../../electron/capture/quality';
import type { PageMeasurements } from '../../../../electron/capture/quality/metrics';

const good: PageMeasurements = {
  width: 2550,
  height: 3300,
  paperLevel: 240,
  inkLevel: 25,
  contrast: 215,
  markFraction: 0.05,
  sharpness: [0.5, 0.6, 0.6, 0.6],
  blockiness: 1,
  edgeRisePx: 2.05,
  resampleLine: { freq: 0, score: 0 },
  detailScale: 1,
  skewDegrees: 0,
  horizontalLines: 17,
  verticalLines: 5,
  edgeInk: { top: 0, bottom: 0, left: 0, right: 0 },
  margins: { top: 170, bottom: 160, left: 150, right: 150 },
  fold: null,
  sheet: {
    sides: {
      top: { line: null, bedShare: 0 },
      bottom: { line: null, bedShare: 0 },
      left: { line: null, bedShare: 0 },
      right: { line: null, bedShare: 0 },
    },
    extent: { width: 2550, height: 3300 },
    edgeSkewDegrees: null,
    fold: null,
  },
};
const file = { format: 'png', width: 2550, height: 3300, density: 300, jpegQuality: null, lossless: true };
const qrOk = { found: true, keyValid: true };

describe('judge', () => {
  it('passes a good page with no reasons', () => {
    expect(judge({ file, page: good, qr: qrOk }, T)).toEqual({ suitable: true, reasons: [] });
  });

  it('names the edge where the content is cut', () => {
    const v = judge(
      { file, page: { ...good, edgeInk: { top: 0, bottom: 0.03, left: 0, right: 0 } }, qr: qrOk },
      T,
    );
    expect(v.suitable).toBe(false);
    expect(v.reasons).toEqual([
      {
        code: 'cutOffBottom',
        severity: 'reject',
        messageKey: 'quality.reason.cutOffBottom',
        value: 0.03,
        threshold: T.maxEdgeInk,
      },
    ]);
  });

  it('only warns when the QR is unreadable but the table is there (the key can be typed)', () => {
    const v = judge({ file, page: good, qr: { found: false, keyValid: false } }, T);
    expect(v.suitable).toBe(true);
    expect(v.reasons.map((r) => [r.code, r.severity])).toEqual([['qrUnreadable', 'warn']]);
  });

  it('rejects a page that claims 300 dpi in the header but has 150 dpi worth of pixels', () => {
    const v = judge({ file: { ...file, width: 1275, height: 1650 }, page: good, qr: qrOk }, T);
    expect(v.reasons[0]).toMatchObject({ code: 'lowResolution', value: 150 });
  });

  it('rejects a page whose printed detail is a third of its 300 dpi (resized up from 100 dpi)', () => {
    const page = { ...good, edgeRisePx: 3.1, resampleLine: { freq: 1 / 3, score: 20 }, detailScale: 1 / 3 };
    const v = judge({ file, page, qr: qrOk }, T);
    expect(v.suitable).toBe(false);
    expect(v.reasons).toEqual([
      expect.objectContaining({ code: 'lowEffectiveResolution', value: 100, threshold: T.minEffectiveDpi }),
    ]);
    // The same page from a 240-dpi source keeps enough detail.
    const fine = { ...page, resampleLine: { freq: 0.2, score: 20 }, detailScale: 0.8 };
    expect(judge({ file, page: fine, qr: qrOk }, T).suitable).toBe(true);
  });

  it('tells motion blur (one direction) from focus blur (all directions)', () => {
    const motion = judge({ file, page: { ...good, sharpness: [0.05, 0.6, 0.5, 0.5] }, qr: qrOk }, T);
    const focus = judge({ file, page: { ...good, sharpness: [0.12, 0.13, 0.14, 0.14] }, qr: qrOk }, T);
    expect(motion.reasons.map((r) => r.code)).toEqual(['motionBlur']);
    expect(focus.reasons.map((r) => r.code)).toEqual(['blur']);
  });

  it('reports a slight lean (up to the limit) as a warning and rejects a strong one', () => {
    const lean = (skewDegrees: number) =>
      judge({ file, page: { ...good, skewDegrees }, qr: qrOk }, T).reasons.map((r) => [r.code, r.severity]);
    expect(lean(0.3)).toEqual([]);
    expect(lean(-1.8)).toEqual([['slightSkew', 'warn']]);
    expect(lean(2.9)).toEqual([['slightSkew', 'warn']]);
    expect(lean(-4)).toEqual([['skew', 'reject']]);
  });

  it('rejects a sheet shifted off the image: bed above it, 4 % of it missing below', () => {
    const side = (a: number | null) => ({
      line: a === null ? null : { a, b: 0 },
      bedShare: a === null ? 0 : 1,
    });
    const sheet = (height: number) => ({
      ...good.sheet,
      sides: { top: side(30), bottom: side(null), left: side(12), right: side(12) },
      extent: { width: 2550, height },
    });
    const shifted = judge({ file, page: { ...good, sheet: sheet(3168) }, qr: qrOk }, T);
    expect(shifted.reasons).toEqual([
      expect.objectContaining({ code: 'cutOffBottom', severity: 'reject', value: 0.04 }),
    ]);
    // The whole sheet within the image, bed on three sides and flush with the fourth: nothing lost.
    expect(judge({ file, page: { ...good, sheet: sheet(3296) }, qr: qrOk }, T).suitable).toBe(true);
  });

  it('is unsuitable exactly when some reason rejects', () => {
    fc.assert(
      fc.property(
        fc.record({
          paperLevel: fc.integer({ min: 0, max: 255 }),
          inkLevel: fc.integer({ min: 0, max: 255 }),
          skewDegrees: fc.double({ min: -20, max: 20, noNaN: true }),
          markFraction: fc.double({ min: 0, max: 0.2, noNaN: true }),
          s: fc.double({ min: 0, max: 1, noNaN: true }),
          found: fc.boolean(),
        }),
        (p) => {
          const page = {
            ...good,
            ...p,
            contrast: Math.max(0, p.paperLevel - p.inkLevel),
            sharpness: [p.s, 0.6, 0.6, 0.6] as [number, number, number, number],
          };
          const v = judge({ file, page, qr: { found: p.found, keyValid: p.found } }, T);
          expect(v.suitable).toBe(!v.reasons.some((r) => r.severity === 'reject'));
        },
      ),
    );
  });

  it('has defaults for every threshold and refuses unknown keys', () => {
    expect(QualityThresholdsSchema.parse({}).maxSkewDegrees).toBe(3);
    expect(QualityThresholdsSchema.safeParse({ maxSkewDegres: 2 }).success).toBe(false);
  });
});
