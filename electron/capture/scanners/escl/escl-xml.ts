// eSCL (Mopria / AirScan) XML: parsed with fast-xml-parser with namespace prefixes dropped
// (devices disagree on prefixes: scan:, pwg:, escl:, or a default namespace), then checked by
// zod, so a garbled answer becomes a typed error instead of an undefined deep in the driver.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { PAGE_SIZE_300THS, type ScanOptions } from '../types';
import { err, ok, type Result } from '../../../platform/result';

export const ESCL_NS = 'http://schemas.hp.com/imaging/escl/2011/05/03';
export const PWG_NS = 'http://www.pwg.org/schemas/2010/12/sm';

/** Elements that may repeat: always arrays, even when a device sends only one. */
const REPEATING = new Set([
  'SettingProfile',
  'ColorMode',
  'DocumentFormat',
  'DocumentFormatExt',
  'DiscreteResolution',
  'JobInfo',
  'JobStateReason',
  'InputSource',
]);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATING.has(name),
});

/** The document's content, or the message key of what is wrong with it. */
export type XmlResult<T> = Result<T, string>;

function parseWith<T>(schema: z.ZodType<T>, xml: string): XmlResult<T> {
  if (XMLValidator.validate(xml) !== true) return err('scanner.error.badAnswer:xml');
  let raw: unknown;
  try {
    raw = parser.parse(xml);
  } catch {
    return err('scanner.error.badAnswer:xml');
  }
  const r = schema.safeParse(raw);
  return r.success ? ok(r.data) : err('scanner.error.badAnswer:schema');
}

const Int = z.coerce.number().int().nonnegative();
/** A text element; empty elements parse as "" and absent ones as undefined. */
const Text = z.string();

const SettingProfileSchema = z.object({
  ColorModes: z.object({ ColorMode: z.array(Text) }).optional(),
  DocumentFormats: z
    .object({ DocumentFormat: z.array(Text).optional(), DocumentFormatExt: z.array(Text).optional() })
    .optional(),
  SupportedResolutions: z
    .object({
      DiscreteResolutions: z
        .object({ DiscreteResolution: z.array(z.object({ XResolution: Int, YResolution: Int })) })
        .optional(),
    })
    .optional(),
});

const InputCapsSchema = z.object({
  MaxWidth: Int.optional(),
  MaxHeight: Int.optional(),
  SettingProfiles: z.object({ SettingProfile: z.array(SettingProfileSchema) }),
});

const CapabilitiesSchema = z.object({
  ScannerCapabilities: z.object({
    MakeAndModel: Text.optional(),
    Platen: z.object({ PlatenInputCaps: InputCapsSchema }).optional(),
    Adf: z.object({ AdfSimplexInputCaps: InputCapsSchema.optional() }).optional(),
  }),
});

export interface SourceCaps {
  colorModes: string[];
  formats: string[];
  resolutions: number[];
}
export interface EsclCapabilities {
  makeAndModel: string;
  flatbed?: SourceCaps;
  feeder?: SourceCaps;
}

function sourceCaps(caps: z.infer<typeof InputCapsSchema> | undefined): SourceCaps | undefined {
  if (!caps) return undefined;
  const profiles = caps.SettingProfiles.SettingProfile;
  return {
    colorModes: [...new Set(profiles.flatMap((p) => p.ColorModes?.ColorMode ?? []))],
    formats: [
      ...new Set(
        profiles.flatMap((p) => [
          ...(p.DocumentFormats?.DocumentFormat ?? []),
          ...(p.DocumentFormats?.DocumentFormatExt ?? []),
        ]),
      ),
    ],
    resolutions: [
      ...new Set(
        profiles.flatMap((p) =>
          (p.SupportedResolutions?.DiscreteResolutions?.DiscreteResolution ?? []).map((r) => r.XResolution),
        ),
      ),
    ],
  };
}

export function parseCapabilities(xml: string): XmlResult<EsclCapabilities> {
  const r = parseWith(CapabilitiesSchema, xml);
  if (!r.ok) return r;
  const c = r.value.ScannerCapabilities;
  return ok({
    makeAndModel: c.MakeAndModel ?? 'eSCL',
    flatbed: sourceCaps(c.Platen?.PlatenInputCaps),
    feeder: sourceCaps(c.Adf?.AdfSimplexInputCaps),
  });
}

/** pwg:State of the scanner service. */
export const ESCL_SCANNER_STATES = ['Idle', 'Processing', 'Testing', 'Stopped', 'Down'] as const;

const StatusSchema = z.object({
  ScannerStatus: z.object({
    State: z.enum(ESCL_SCANNER_STATES),
    // Free text on purpose: devices add their own ADF states; unknown ones count as "no news".
    AdfState: Text.optional(),
    Jobs: z
      .union([
        z.literal(''),
        z.object({
          JobInfo: z
            .array(
              z.object({
                JobUri: Text.optional(),
                JobState: Text.optional(),
                ImagesCompleted: Int.optional(),
              }),
            )
            .optional(),
        }),
      ])
      .optional(),
  }),
});

export interface EsclStatus {
  state: (typeof ESCL_SCANNER_STATES)[number];
  adfState: string | undefined;
  jobs: Array<{ uri: string | undefined; state: string | undefined }>;
}

export function parseStatus(xml: string): XmlResult<EsclStatus> {
  const r = parseWith(StatusSchema, xml);
  if (!r.ok) return r;
  const s = r.value.ScannerStatus;
  const jobs = typeof s.Jobs === 'object' ? (s.Jobs.JobInfo ?? []) : [];
  return ok({
    state: s.State,
    adfState: s.AdfState,
    jobs: jobs.map((j) => ({ uri: j.JobUri, state: j.JobState })),
  });
}

export const ESCL_COLOR_MODE = { gray: 'Grayscale8', color: 'RGB24' } as const;
export const ESCL_INPUT_SOURCE = { feeder: 'Feeder', flatbed: 'Platen' } as const;

export function buildScanSettings(options: ScanOptions, documentFormat: string): string {
  const size = PAGE_SIZE_300THS[options.pageSize];
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">
  <pwg:Version>2.63</pwg:Version>
  <pwg:ScanRegions>
    <pwg:ScanRegion>
      <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>
      <pwg:XOffset>0</pwg:XOffset>
      <pwg:YOffset>0</pwg:YOffset>
      <pwg:Width>${size.width}</pwg:Width>
      <pwg:Height>${size.height}</pwg:Height>
    </pwg:ScanRegion>
  </pwg:ScanRegions>
  <pwg:InputSource>${ESCL_INPUT_SOURCE[options.source]}</pwg:InputSource>
  <scan:ColorMode>${ESCL_COLOR_MODE[options.mode]}</scan:ColorMode>
  <scan:XResolution>${options.resolutionDpi}</scan:XResolution>
  <scan:YResolution>${options.resolutionDpi}</scan:YResolution>
  <pwg:DocumentFormat>${documentFormat}</pwg:DocumentFormat>
  <scan:DocumentFormatExt>${documentFormat}</scan:DocumentFormatExt>
</scan:ScanSettings>
`;
}

const ScanSettingsSchema = z.object({
  ScanSettings: z.object({
    InputSource: z.array(z.enum(['Feeder', 'Platen', 'Camera'])).optional(),
    ColorMode: z.array(Text).optional(),
    XResolution: Int.optional(),
    YResolution: Int.optional(),
    DocumentFormat: z.array(Text).optional(),
    DocumentFormatExt: z.array(Text).optional(),
    ScanRegions: z.object({ ScanRegion: z.object({ Width: Int, Height: Int }) }).optional(),
  }),
});

export interface EsclScanSettings {
  inputSource: 'Feeder' | 'Platen' | 'Camera';
  colorMode: string;
  resolution: number;
  documentFormat: string;
  width?: number;
  height?: number;
}

/** Device side (the simulator): reads what a client asked for. */
export function parseScanSettings(xml: string): XmlResult<EsclScanSettings> {
  const r = parseWith(ScanSettingsSchema, xml);
  if (!r.ok) return r;
  const s = r.value.ScanSettings;
  return ok({
    inputSource: s.InputSource?.[0] ?? 'Platen',
    colorMode: s.ColorMode?.[0] ?? 'RGB24',
    resolution: s.XResolution ?? 300,
    documentFormat: s.DocumentFormatExt?.[0] ?? s.DocumentFormat?.[0] ?? 'image/jpeg',
    width: s.ScanRegions?.ScanRegion.Width,
    height: s.ScanRegions?.ScanRegion.Height,
  });
}
