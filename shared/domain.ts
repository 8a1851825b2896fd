// Domain words shared by the core and the renderer. No Node or DOM imports: both sides compile this.
import { z } from 'zod';

export const ROLES = ['operador', 'supervisor'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const LANGUAGES = ['es-MX', 'en'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/**
 * How a component looks from a metre away. Every state maps to one of these colours, and
 * every state also has a word (its message key): colour is never the only signal.
 */
export const HEALTH = ['ok', 'warning', 'fault', 'offline', 'unknown'] as const;
export const HealthSchema = z.enum(HEALTH);
export type Health = z.infer<typeof HealthSchema>;

export const DEVICE_KINDS = ['scanner', 'ups', 'plant', 'storage', 'printer'] as const;
export const DeviceKindSchema = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof DeviceKindSchema>;

/** States a scanner reports; the operator sees each with what to do. */
export const SCANNER_STATES = [
  'ready',
  'scanning',
  'jammed',
  'feeder_empty',
  'cover_open',
  'disconnected',
  'error',
] as const;
/** States a UPS reports. */
export const UPS_STATES = [
  'online',
  'on_battery',
  'battery_low',
  'replace_battery',
  'overload',
  'bypass',
  'fault',
  'disconnected',
  'data_stale',
] as const;
/** States of the emergency power plant (generator) controller. */
export const PLANT_STATES = [
  'standby',
  'starting',
  'running',
  'alarm',
  'disconnected',
  'not_installed',
  // The controller answers but refuses the registers (wrong register map or unit id).
  'error',
] as const;

/**
 * States of the station's data folder (database + images): writable with room; space_low (a
 * warning: tell the supervisor); space_critical (below the hard floor: no new scans); read_only
 * (the file system refuses writes); error (the folder cannot be examined).
 */
export const STORAGE_STATES = ['writable', 'space_low', 'space_critical', 'read_only', 'error'] as const;

/**
 * States of the acopio label printer (ZPL over TCP, or a CUPS queue): ready; paper_out (no labels
 * or ribbon); head_open; paused (by a button, or a CUPS queue stopped); offline (no answer);
 * not_configured (this station prints no labels: acopio goes on without them).
 */
export const PRINTER_STATES = [
  'ready',
  'paper_out',
  'head_open',
  'paused',
  'offline',
  'error',
  'not_configured',
] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

export const DeviceStateSchema = z.enum([
  ...SCANNER_STATES,
  ...UPS_STATES,
  ...PLANT_STATES,
  ...STORAGE_STATES,
  ...PRINTER_STATES,
]);
export type DeviceState = z.infer<typeof DeviceStateSchema>;

export const DeviceStatusSchema = z.object({
  kind: DeviceKindSchema,
  driver: z.string(),
  /** Human name of the unit (model), when the device tells. */
  name: z.string(),
  state: DeviceStateSchema,
  health: HealthSchema,
  /** Numeric readings the device gives (charge %, runtime s, volts...). Names are stable keys. */
  values: z.record(z.string(), z.number()),
  /** Message key of the last error, if the device is not ok. */
  lastError: z.string().nullable(),
  /** When the state last changed (ISO 8601 UTC). */
  since: z.string(),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

export const LINK_ROLES = ['primary', 'backup'] as const;
export const LinkRoleSchema = z.enum(LINK_ROLES);
export type LinkRole = z.infer<typeof LinkRoleSchema>;

export const LINK_STATES = [
  'connected',
  'slow',
  'offline',
  'not_intake',
  'not_configured',
  'checking',
] as const;
export const LinkStateSchema = z.enum(LINK_STATES);
export type LinkState = z.infer<typeof LinkStateSchema>;

export const LinkStatusSchema = z.object({
  name: z.string(),
  role: LinkRoleSchema,
  priority: z.number().int(),
  state: LinkStateSchema,
  health: HealthSchema,
  /** Round trip of the last successful probe, in milliseconds. */
  latencyMs: z.number().nullable(),
  lastError: z.string().nullable(),
  since: z.string(),
  lastProbeAt: z.string().nullable(),
});
export type LinkStatus = z.infer<typeof LinkStatusSchema>;

/**
 * Where the station's power comes from, as the operator needs to know it: mains; the emergency
 * plant (mains failed, plant feeding); the UPS battery (work goes on); critical (battery low or
 * runtime below the configured minimum: no new scans); unknown (no data from the UPS).
 */
export const POWER_LEVELS = ['mains', 'plant', 'battery', 'critical', 'unknown'] as const;
export const PowerLevelSchema = z.enum(POWER_LEVELS);
export type PowerLevel = z.infer<typeof PowerLevelSchema>;

export const PowerSituationSchema = z.object({
  level: PowerLevelSchema,
  runtimeSeconds: z.number().nullable(),
  chargePercent: z.number().nullable(),
  plantRunning: z.boolean(),
  lowFuel: z.boolean(),
  /** False only when critical: new scans are refused until power is back. */
  scansAllowed: z.boolean(),
  /** The UPS announced it will cut the load: the station is checkpointing and powering off. */
  poweringOff: z.boolean().optional(),
});
export type PowerSituation = z.infer<typeof PowerSituationSchema>;

/** The station's clock as the status bar shows it: offset to the central and the last jump. */
export const ClockStatusSchema = z.object({
  health: HealthSchema,
  /** Message key of what the operator should know/do, null when all is well. */
  message: z.string().nullable(),
  /** Central time − station time (ms), ± uncertaintyMs; null until measured (or after a jump). */
  offsetMs: z.number().nullable(),
  uncertaintyMs: z.number().nullable(),
  measuredAt: z.string().nullable(),
  /** The last wall-clock jump seen in this run: when (station time after it) and by how much. */
  lastJump: z.object({ at: z.string(), deltaMs: z.number() }).nullable(),
});
export type ClockStatus = z.infer<typeof ClockStatusSchema>;

/** The station as every screen names it; `training`: it runs on training data (capacitación). */
export const StationIdentitySchema = z.object({
  id: z.string(),
  name: z.string(),
  mode: z.enum(['simulated', 'production']),
  /** Absent from older cores: not training. */
  training: z.boolean().optional(),
});

export const StatusSnapshotSchema = z.object({
  power: PowerSituationSchema,
  station: StationIdentitySchema,
  devices: z.object({
    scanner: DeviceStatusSchema,
    ups: DeviceStatusSchema,
    plant: DeviceStatusSchema,
    storage: DeviceStatusSchema,
    /** Absent while the core builds no label printer (older cores). */
    printer: DeviceStatusSchema.optional(),
  }),
  links: z.array(LinkStatusSchema),
  /** Absent while no clock watch runs (older cores). */
  clock: ClockStatusSchema.optional(),
  /** Increases with every change: lets a client drop stale snapshots. */
  version: z.number().int(),
});
export type StatusSnapshot = z.infer<typeof StatusSnapshotSchema>;

export const OperatorIdSchema = z
  .string()
  .trim()
  .min(1, 'login.error.idRequired')
  .max(32, 'login.error.idTooLong')
  .regex(/^[A-Za-z0-9._-]+$/, 'login.error.idChars');

export const PinSchema = z
  .string()
  .regex(/^\d+$/, 'login.error.pinDigits')
  .min(4, 'login.error.pinShort')
  .max(12, 'login.error.pinLong');

/** Every override says why, in words a later auditor can read. */
export const ReasonSchema = z
  .string()
  .trim()
  .min(5, 'supervisor.error.reasonShort')
  .max(500, 'supervisor.error.reasonLong');

export const WhoAmISchema = z.object({
  /** After this long without a key or click, the screen logs the operator out. */
  inactivityMs: z.number().int().positive(),
  operator: z.object({ id: z.string(), name: z.string(), role: RoleSchema }).nullable(),
  /**
   * Set while the signed-in operator's PIN is shorter than their role asks: the core accepts
   * only the PIN change (and signing out) until it is done.
   */
  pinChange: z.object({ minDigits: z.number().int().positive() }).nullable(),
  language: LanguageSchema,
  station: StationIdentitySchema,
});
export type WhoAmI = z.infer<typeof WhoAmISchema>;

/** Maps a health to the health of the worse of two. */
const SEVERITY: Record<Health, number> = { ok: 0, unknown: 1, warning: 2, offline: 3, fault: 4 };
export function worstHealth(a: Health, b: Health): Health {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}
