// What the core and the Electron shell agree on across their process boundary (the core runs as
// the shell's utilityProcess and never imports the shell; the shell never imports the core).

/**
 * Exit code of a supervisor-approved exit from the kiosk. The watchdogs (systemd unit's
 * RestartPreventExitStatus, Shell Launcher's ReturnCodeAction) restart the app on any other code.
 */
export const SUPERVISOR_EXIT_CODE = 42;

/** Phases of a software update, as the shell reports them to the core (and the console shows them). */
export const UPDATE_PHASES = [
  'none',
  'available',
  'downloading',
  'verifying',
  /** The core checked the shell's verified release (approved, newer, this channel). */
  'verified',
  /** Verified and approved, waiting for the scan or upload in progress to end. */
  'deferred',
  'installing',
  /** The root-side installer (Linux kiosk) installed it: the station runs it after its restart. */
  'installed',
  'rejected',
  'failed',
  /** No real update key is installed: the updater stays off (see docs/updates.md). */
  'disabled',
] as const;
export type UpdatePhase = (typeof UPDATE_PHASES)[number];
