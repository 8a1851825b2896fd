// What transmission reads of the station configuration: each link to the central (URL, TLS
// trust, bound interface, concurrency) and the timing of attempts, failback, probes and
// heartbeats. The station's configuration file (station/config.ts) embeds these schemas.
import { z } from 'zod';
import { LinkRoleSchema } from '../../shared/domain';

/**
 * Placeholder link URL: "the reference central that `npm start` runs beside the core". The
 * composition root (or the link monitor, given the URL) resolves it to the real address.
 */
export const SIM_INTAKE_URL = 'sim:intake';
/** The training central `npm start` runs beside the real simulated one (see station/config.ts `training`). */
export const SIM_TRAINING_INTAKE_URL = 'sim:training-intake';

export const TransmitLinkSchema = z.object({
  name: z.string().min(1),
  role: LinkRoleSchema,
  priority: z.number().int().min(1),
  url: z.url({ protocol: /^https?$/, error: 'debe ser una URL que empiece con http:// o https://' }),
  /** PEM file of the CA that signed the intake's certificate; the system store is not used then. */
  ca: z.string().min(1).optional(),
  /** SHA-256 (hex) of the intake certificate's public key (SPKI DER), to pin it. */
  pinSha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
  /** Local address to bind (the interface of this link: cable modem, satellite, 4G). */
  localAddress: z.union([z.ipv4(), z.ipv6()]).optional(),
  /** Actas sent at once on this link. */
  maxConcurrency: z.number().int().min(1).max(8).default(4),
});
export type TransmitLink = z.infer<typeof TransmitLinkSchema>;

/**
 * What travels for each page. `original`: the scanned file as is (a 300-dpi grey PNG is ~5.4 MB).
 * `grey-jpeg` / `grey-webp`: a grey copy at `quality`, kept only if the station's own quality
 * gate still finds it suitable and reads the same acta key from its QR; otherwise that page goes
 * as scanned (logged). The original stays the evidence at the station either way; the signed
 * manifest names both hashes (derive.ts).
 */
export const TransmitProfileSchema = z.object({
  format: z.enum(['original', 'grey-jpeg', 'grey-webp']).default('original'),
  /** Encoder quality (1–100). The gate refuses JPEGs under its minJpegQuality (40) anyway. */
  quality: z.number().int().min(30).max(100).default(60),
});
export type TransmitProfile = z.infer<typeof TransmitProfileSchema>;

export const TransmitConfigSchema = z.object({
  links: z.array(TransmitLinkSchema).min(1),
  /** Attempts before an acta goes to the dead-letter list the supervisor sees. */
  maxAttempts: z.number().int().min(1).max(1000).default(20),
  /** A link whose circuit opened must answer its probe this long, without a miss, before failback. */
  failbackAfterMs: z.number().int().min(0).default(30_000),
  probeIntervalMs: z.number().int().min(100).default(1_000),
  heartbeatIntervalMs: z.number().int().min(1_000).default(60_000),
  chunkBytes: z
    .number()
    .int()
    .min(16 * 1024)
    .max(8 * 1024 * 1024)
    .default(1024 * 1024),
  profile: TransmitProfileSchema.default({ format: 'original', quality: 60 }),
});
export type TransmitConfig = z.infer<typeof TransmitConfigSchema>;
export type TransmitConfigInput = z.input<typeof TransmitConfigSchema>;

/** Settings keys: a supervisor's pause and preferred link survive a restart. */
export const SETTING_TRANSMIT_PAUSED = 'transmit.paused';
export const SETTING_TRANSMIT_PREFERRED = 'transmit.preferred';
