// When the UPS says it will cut the load (HID ShutdownImminent, NUT FSD, Q1's shutdown bit, or on
// battery with a low battery: the point where NUT's upsmon shuts a machine down), the station
// powers off cleanly instead of losing power mid-write: no new scan or sheet starts, the page being
// written is finished (a bounded wait), the database is checkpointed, the decision is audited,
// and the OS is asked to power off through a root-side path the kiosk user may use
// (docs/operations.md: `systemctl poweroff` allowed to user catd by a polkit rule). The command is
// configuration, so a test replaces it with a script that leaves a file. If the OS refuses, the
// station stays up, says so in the log and the audit, and keeps refusing scans.
import { execFile } from 'node:child_process';
import type { Activity } from '../platform/activity';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';

/** How often the wait for the page being written looks again. */
const PAGE_WAIT_POLL_MS = 100;
/** The power-off request itself: systemctl answers at once (logind works in the background). */
const COMMAND_TIMEOUT_MS = 30_000;

export interface PowerOffConfig {
  /** argv of the request to power off (the first element is the program, no shell). */
  command: string[];
  /** Longest wait for the page being written before checkpointing anyway. */
  pageWaitMs: number;
}

export type CommandOutcome = { ok: true } | { ok: false; code: number | null; output: string };

export interface PowerOffDeps {
  config: PowerOffConfig;
  clock: Clock;
  activity: Activity;
  /** Stops new scans and sheets, and tells every screen (PowerManager.markPoweringOff). */
  announce: () => void;
  /** Folds the WAL into the database file (PowerManager.checkpoint). */
  checkpoint: (why: string) => void;
  /** Appends one audit entry, in its own transaction. */
  audit: (action: string, details: Record<string, unknown>) => void;
  log: Logger;
  /** After the OS accepted the request: the core stops cleanly (and the kiosk is not restarted). */
  exit: () => void;
  run?: (argv: string[]) => Promise<CommandOutcome>;
}

export type PowerOffResult =
  | { kind: 'requested'; waitedMs: number }
  | { kind: 'refused'; waitedMs: number; code: number | null }
  | { kind: 'already' };

function runCommand(argv: string[]): Promise<CommandOutcome> {
  const [file, ...args] = argv;
  return new Promise((resolve) => {
    execFile(file!, args, { timeout: COMMAND_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true });
      const code = typeof error.code === 'number' ? error.code : null;
      resolve({ ok: false, code, output: `${stderr}${stdout}`.trim().slice(0, 500) || error.message });
    });
  });
}

export class ImminentPowerOff {
  private started = false;

  constructor(private readonly deps: PowerOffDeps) {}

  /** Whether the station is on its way down (a second warning from the UPS changes nothing). */
  get pending(): boolean {
    return this.started;
  }

  async trigger(ups: Record<string, unknown>): Promise<PowerOffResult> {
    if (this.started) return { kind: 'already' };
    this.started = true;
    const { deps } = this;
    deps.log.warn('power-off-init', { ups });
    deps.announce();
    const t0 = deps.clock.monotonicMs();
    await this.pageWritten(t0 + deps.config.pageWaitMs);
    const waitedMs = Math.round(deps.clock.monotonicMs() - t0);
    deps.checkpoint('shutdown-imminent');
    // Audited before the request: once the OS acts there may be no later moment to write it.
    deps.audit('power.poweroff', { ups, waitedMs, command: deps.config.command });
    const outcome = await (deps.run ?? runCommand)(deps.config.command);
    if (outcome.ok) {
      deps.log.info('power-off-complete', { waitedMs });
      deps.exit();
      return { kind: 'requested', waitedMs };
    }
    deps.log.error('power-off-refused', { code: outcome.code, output: outcome.output });
    deps.audit('power.poweroff.failed', { code: outcome.code, output: outcome.output });
    return { kind: 'refused', waitedMs, code: outcome.code };
  }

  /** Until no scan is running (its current page stored, the feeder stopped) or the deadline. */
  private async pageWritten(deadline: number): Promise<void> {
    while (this.deps.activity.busy().includes('scanning') && this.deps.clock.monotonicMs() < deadline) {
      await new Promise((r) => setTimeout(r, PAGE_WAIT_POLL_MS));
    }
  }
}
