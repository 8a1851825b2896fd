export { BlobStore, TEMP_PREFIX, type PutResult, type SweepReport } from './blob-store';
export { derivePreview, previewName, DEFAULT_PREVIEW, type PreviewOptions } from './preview';
