// Public API of the acopio label printers, for the composition root, the RPC router and the CLI.
export { PrinterConfigSchema, type PrinterConfig } from './config';
export { createPrinter } from './create-printer';
export { LabelPrints, type LabelPrintView, type LabelPrintState } from './label-prints';
export { layoutAcopioLabel } from './label-layout';
export { labelPdf } from './pdf';
export { labelZpl } from './zpl';
export { PRINT_FAILURE_KEY, type LabelPrinter, type PrintResult } from './types';
