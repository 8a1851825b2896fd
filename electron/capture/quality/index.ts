export { QualityGate, type Inspection, type InspectionError, type QualityGateOptions } from './gate';
export { QualityThresholdsSchema, DEFAULT_QUALITY_THRESHOLDS, type QualityThresholds } from './thresholds';
export { judge } from './verdict';
export { estimateJpegQuality } from './jpeg-quality';
export { useAllCoresForSharp } from './decode';
export type { PageMeasurements } from './metrics';
export {
  QUALITY_REASON_CODES,
  QUALITY_ERROR_CODES,
  ImageInputError,
  type QualityReason,
  type QualityReasonCode,
  type QualityVerdict,
  type QualitySeverity,
  type QualityErrorCode,
  type FileFacts,
} from './types';
