// Per-driver configuration of the scanner, as zod schemas the station config embeds under
// `devices.scanner` (discriminated by `driver`). Defaults are what a CATD desk needs.
import { z } from 'zod';

export const SaneScannerConfigSchema = z
  .object({
    driver: z.literal('sane'),
    /** SANE device name (`scanimage -L`), e.g. "fujitsu:fi-7160:1234"; absent = the first one listed. */
    device: z.string().min(1).optional(),
    scanimagePath: z.string().min(1).default('scanimage'),
    /** Private SANE config folder (SANE_CONFIG_DIR); absent = the system's /etc/sane.d. */
    saneConfigDir: z.string().min(1).optional(),
    format: z.enum(['png', 'jpeg', 'tiff']).default('png'),
    /**
     * Backend-specific options passed to scanimage after the standard ones, e.g.
     * ["--test-picture", "Grid"] or ["--read-return-value", "SANE_STATUS_JAMMED"] for the test backend.
     */
    extraArgs: z.array(z.string()).default([]),
    /** Source names differ per backend ("ADF Front", "Automatic Document Feeder"...). */
    feederSource: z.string().min(1).default('Automatic Document Feeder'),
    flatbedSource: z.string().min(1).default('Flatbed'),
    probeIntervalMs: z.number().int().min(500).default(15_000),
  })
  .strict();
export type SaneScannerConfig = z.infer<typeof SaneScannerConfigSchema>;
export type SaneScannerConfigInput = z.input<typeof SaneScannerConfigSchema>;

export const EsclScannerConfigSchema = z
  .object({
    driver: z.literal('escl'),
    /** Base URL up to and including the eSCL root, e.g. "http://192.168.1.20/eSCL" or ipp-usb's "http://localhost:60000/eSCL". */
    url: z.url({ protocol: /^https?$/, error: 'debe ser una URL que empiece con http:// o https://' }),
    /** image/jpeg is what every eSCL device supports; image/png where lossless is wanted. */
    documentFormat: z.enum(['image/jpeg', 'image/png', 'application/pdf']).default('image/jpeg'),
    probeIntervalMs: z.number().int().min(500).default(5_000),
  })
  .strict();
export type EsclScannerConfig = z.infer<typeof EsclScannerConfigSchema>;
export type EsclScannerConfigInput = z.input<typeof EsclScannerConfigSchema>;

export const HotFolderScannerConfigSchema = z
  .object({
    driver: z.literal('hot-folder'),
    /** Where the device saves its files (local folder or a mounted share). */
    folder: z.string().min(1),
    /** Taken files are moved here; default `<folder>/procesados`. */
    processedFolder: z.string().min(1).optional(),
    /** Files that are not a page image are moved here and reported; default `<folder>/rechazados`. */
    rejectedFolder: z.string().min(1).optional(),
    /** A file is complete when its size and mtime have not changed for this long. */
    settleMs: z.number().int().min(50).default(1_000),
    /** A batch ends after this much silence following its last page. */
    batchIdleMs: z.number().int().min(100).default(8_000),
    /** A batch with no page at all ends after this long. */
    firstPageTimeoutMs: z.number().int().min(100).default(60_000),
    pollIntervalMs: z.number().int().min(20).default(250),
  })
  .strict();
export type HotFolderScannerConfig = z.infer<typeof HotFolderScannerConfigSchema>;
export type HotFolderScannerConfigInput = z.input<typeof HotFolderScannerConfigSchema>;

export const SimulatedScannerFaultsSchema = z
  .object({
    /** The feeder jams while feeding this page (1-based); earlier pages come out fine. */
    jamAtPage: z.number().int().min(1).optional(),
    /** The unit drops off the bus while feeding this page. */
    disconnectAtPage: z.number().int().min(1).optional(),
    coverOpen: z.boolean().default(false),
  })
  .strict();
export type SimulatedScannerFaults = z.infer<typeof SimulatedScannerFaultsSchema>;

export const SimulatedScannerConfigSchema = z
  .object({
    driver: z.literal('simulated'),
    /** Sheets in the feeder at start; scanning takes them, an empty feeder is the feeder_empty state. */
    sheetsInFeeder: z.number().int().min(0).default(50),
    /** Time to feed and scan one sheet (a real ADF does ~0.5–1 s per sheet at 300 dpi). */
    pageDelayMs: z.number().int().min(0).default(400),
    faults: SimulatedScannerFaultsSchema.default({ coverOpen: false }),
    /**
     * Sheets the operator loads per acta (an acta's pages); the stock above runs down by these.
     * Absent: a batch takes the whole stack, as a real feeder does. The station sets 1.
     */
    sheetsPerActa: z.number().int().min(1).max(16).optional(),
    /** Share of sheets that come out with a defect the quality gate must catch (rehearsals: 12%). */
    defectRate: z.number().min(0).max(1).default(0.12),
  })
  .strict();
export type SimulatedScannerConfig = z.infer<typeof SimulatedScannerConfigSchema>;
export type SimulatedScannerConfigInput = z.input<typeof SimulatedScannerConfigSchema>;

export const ScannerConfigSchema = z.discriminatedUnion('driver', [
  SaneScannerConfigSchema,
  EsclScannerConfigSchema,
  HotFolderScannerConfigSchema,
  SimulatedScannerConfigSchema,
]);
export type ScannerConfig = z.infer<typeof ScannerConfigSchema>;
export type ScannerConfigInput = z.input<typeof ScannerConfigSchema>;
