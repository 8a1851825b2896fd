// Public API of the capture pipeline (scan an acta page by page; recover after a crash).
export {
  CapturePipeline,
  type CapturePipelineDeps,
  type ScanActaOptions,
  type ScanActaResult,
  type ScanPermission,
  type ScanProgress,
} from './pipeline';
export { recoverCapture, type CaptureRecovery } from './recovery';
