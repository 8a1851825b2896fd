// What the gate says about one image: reasons with a code, a severity, a message key, the
// measured value and the limit it was held against.
import type { PageMeasurements } from './metrics';

export const QUALITY_REASON_CODES = [
  'blank',
  'notActa',
  'tooDark',
  'overexposed',
  'lowContrast',
  'blur',
  'motionBlur',
  'lowResolution',
  'lowEffectiveResolution',
  'compression',
  'skew',
  'slightSkew',
  'cutOffTop',
  'cutOffBottom',
  'cutOffLeft',
  'cutOffRight',
  'foldedCorner',
  'foldedCornerSmall',
  'qrUnreadable',
  'qrInvalidKey',
] as const;
export type QualityReasonCode = (typeof QUALITY_REASON_CODES)[number];

export type QualitySeverity = 'reject' | 'warn';

export interface QualityReason {
  code: QualityReasonCode;
  severity: QualitySeverity;
  /** Key in shared/messages/quality.ts, e.g. "quality.reason.blur". */
  messageKey: `quality.reason.${QualityReasonCode}`;
  value: number;
  threshold: number;
}

export interface QualityVerdict {
  /** false exactly when a reason with severity "reject" is present. */
  suitable: boolean;
  reasons: QualityReason[];
}

/** Facts about the file that do not need the pixels. */
export interface FileFacts {
  format: string;
  width: number;
  height: number;
  /** Density the file claims (dpi), if any. */
  density: number | null;
  /** Estimated JPEG quality, when the file is a JPEG. */
  jpegQuality: number | null;
  lossless: boolean;
}

export interface QrFacts {
  /** A QR symbol was decoded (its text may still be an invalid key). */
  found: boolean;
  /** The key parsed from it. */
  keyValid: boolean;
}

export interface GateInput {
  file: FileFacts;
  page: PageMeasurements;
  qr: QrFacts;
}

export const QUALITY_ERROR_CODES = [
  'empty',
  'tooLarge',
  'notImage',
  'unsupported',
  'truncated',
  'tooManyPixels',
  /** A multi-page TIFF or an animated WebP: judging page 1 alone would drop the others unseen. */
  'multiPage',
  /** The file could not be read from disk (gone, no permission): used by callers that read files. */
  'unreadable',
] as const;
export type QualityErrorCode = (typeof QUALITY_ERROR_CODES)[number];

/** A file the gate cannot judge at all (not an image, broken, a decompression bomb): a value, not a crash. */
export class ImageInputError extends Error {
  readonly messageKey: `quality.error.${QualityErrorCode}`;
  constructor(
    readonly code: QualityErrorCode,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'ImageInputError';
    this.messageKey = `quality.error.${code}`;
  }
}
