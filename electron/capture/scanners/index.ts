// Public API of the scanner drivers, for the composition root (electron/app/devices.ts) and the
// scan workflow.
export * from './types';
export * from './config';
export { createScanner, type ScannerDeps } from './create-scanner';
export { SCANNER_HEALTH, SCANNER_ERROR_KEY } from './scanner-base';
export { SaneScanner, type SaneScannerOptions } from './sane/sane-driver';
export { EsclScanner, type EsclScannerOptions } from './escl/escl-driver';
export { HotFolderScanner, type HotFolderScannerOptions } from './hot-folder/hot-folder-driver';
export { checkPage, detectPageFormat } from './page-signature';
