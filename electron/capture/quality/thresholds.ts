// Every limit of the quality gate, with defaults tuned on the sim/acta corpus (clean pages and
// mild imperfections pass; the defect severities in sim/acta/corpus.ts are rejected). The station
// config embeds this schema so a CATD can tighten or relax a limit without a new build.
import { z } from 'zod';

export const QualityThresholdsSchema = z
  .object({
    /** Decompression-bomb guard: sharp refuses images with more pixels than this. */
    maxInputPixels: z.number().int().positive().default(60_000_000),
    /** Largest file accepted, bytes. */
    maxFileBytes: z
      .number()
      .int()
      .positive()
      .default(80 * 1024 * 1024),
    /** Effective resolution below this (from pixel size on a letter sheet) is rejected. */
    minDpi: z.number().positive().default(250),
    /** Paper (median grey) darker than this: the scan is too dark. */
    minPaperLevel: z.number().min(0).max(255).default(160),
    /** Solid ink (0.5th percentile grey) lighter than this: washed out / overexposed. */
    maxInkLevel: z.number().min(0).max(255).default(135),
    /** Paper minus ink below this: low contrast. */
    minContrast: z.number().min(0).max(255).default(100),
    /** Edge steepness (share of contrast) below this in any direction: blurred. */
    minSharpness: z.number().min(0).max(2).default(0.26),
    /** Weakest/strongest direction ratio below this: the blur is motion (sheet moved). */
    motionRatio: z.number().min(0).max(1).default(0.6),
    /**
     * Resolution the printed detail really has (nominal dpi × the share measured from edge rise
     * and resampling lines) below this: resized up from a lower-resolution scan. Between the
     * 200 dpi of a ×1.5 resize (which folds onto the same line as ×3, so it must fail too) and
     * the 240 dpi that keeps the detail of a good scan.
     */
    minEffectiveDpi: z.number().positive().default(225),
    /** Estimated JPEG quality (from its quantisation tables) below this: heavy compression. */
    minJpegQuality: z.number().min(1).max(100).default(40),
    /** 8×8 block-border step ratio above this (any format): heavy compression. */
    maxBlockiness: z.number().min(1).default(4),
    /**
     * Absolute skew above this many degrees is rejected. A fed sheet leans up to ~2° and loses
     * nothing (the form's margins absorb it); at 4° the corners of a letter sheet move ~9 mm and the
     * feeder or the placement is wrong. 3 sits between the two with room for the estimate's 0.1–0.3°.
     */
    maxSkewDegrees: z.number().min(0).max(45).default(3),
    /** A lean of at least this many degrees (and at most maxSkewDegrees) is reported, not rejected. */
    minReportedSkewDegrees: z.number().min(0).max(45).default(0.5),
    /**
     * Share of the sheet missing past a side where the paper runs off the image while the bed shows
     * on the opposite side. Scanner scale error is well under 1 %; 2 % (5 mm on the long side) is a
     * strip of the sheet that was never scanned.
     */
    maxSheetShortfall: z.number().min(0).max(1).default(0.02),
    /** Share of an edge where ink touches the border above this: content cut off there. */
    maxEdgeInk: z.number().min(0).max(1).default(0.005),
    /** Blank margin (px at 300 dpi) narrower than this on a side: content lost past that edge. */
    minMarginPx: z.number().min(0).default(40),
    /** Folded corner leg (px at 300 dpi) above this covers content: rejected; smaller: warning. */
    maxFoldLegPx: z.number().int().min(0).default(150),
    minFoldLegPx: z.number().int().min(0).default(40),
    /** Share of marked pixels below this: a blank page. */
    minMarkFraction: z.number().min(0).max(1).default(0.002),
    /** Fewer ruled lines than these (and no QR): not an acta. */
    minHorizontalLines: z.number().int().min(0).default(4),
    minVerticalLines: z.number().int().min(0).default(3),
    /** Where the QR label is looked for first, as fractions of the page. */
    qrRegion: z
      .object({
        left: z.number().min(0).max(1),
        top: z.number().min(0).max(1),
        width: z.number().min(0).max(1),
        height: z.number().min(0).max(1),
      })
      .default({ left: 0.6, top: 0, width: 0.4, height: 0.3 }),
  })
  .strict();

export type QualityThresholds = z.infer<typeof QualityThresholdsSchema>;

export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = QualityThresholdsSchema.parse({});
