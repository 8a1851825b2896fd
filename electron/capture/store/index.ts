export {
  BlobStore,
  sha256Hex,
  sha256HexAsync,
  TEMP_PREFIX,
  type PutResult,
  type SweepReport,
} from './blob-store';
export { derivePreview, previewName, DEFAULT_PREVIEW, type PreviewOptions } from './preview';
