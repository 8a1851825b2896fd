// The station's view of software updates, and the core's say over them. The shell finds an update
// (electron-updater) and reports; a supervisor approves one in the console (audited); the shell
// downloads it and checks the signed release (version, channel and file hash under the update
// key) and reports it verified; the core checks again that this is the approved version, newer
// than the running one and on this station's channel, and tells the shell to install only when
// no acta is being scanned or sent (waiting for that if needed). The shell never installs on its own.
// In web mode there is no shell and so no update. In the Linux kiosk a root-side installer does the
// install itself and leaves its outcome in a status file (platform/update-spool.ts): the core
// watches it and shows what happened (installed, or refused and why).
import fs from 'node:fs';
import type { Activity } from '../platform/activity';
import type { Logger } from '../platform/logger';
import { err, ok, type Result } from '../platform/result';
import type { WorkInProgress } from '../platform/activity';
import { releaseAcceptable, type ReleaseProblem, type UpdateRelease } from '../platform/update-release';
import { UPDATE_PHASES, type UpdatePhase } from '../platform/shell-contract';
import { readInstallerStatus, type InstallerStatus } from '../platform/update-spool';

export { UPDATE_PHASES, type UpdatePhase };

/** Why an approved update was not started: its message key, and the work it would interrupt. */
export type UpdateRefusal =
  | { reason: 'update.error.none' | 'update.error.noShell' }
  | { reason: 'update.error.busy'; busy: WorkInProgress[] };

/** An update is never applied while an acta is being scanned or sent. */
export function mayApplyUpdate(busy: readonly WorkInProgress[]): Result<void, UpdateRefusal> {
  return busy.length === 0 ? ok() : err({ reason: 'update.error.busy', busy: [...busy] });
}

export interface UpdateState {
  phase: UpdatePhase;
  version: string | null;
  /** Message key of the last problem (signature refused, download failed...). */
  problem: string | null;
  /** False in web mode: there is no shell to install anything. */
  supported: boolean;
}

/** What the core asks of the shell: fetch an approved version, or install the verified one now. */
export interface UpdateShell {
  download(version: string): void;
  apply(version: string): void;
}

export interface UpdatesOptions {
  activity: Activity;
  log: Logger;
  /** Absent without a shell (web mode). */
  shell?: UpdateShell | undefined;
  /** The station's update channel (config updates.channel). */
  channel: string;
  /** Appends to the audit log (the install itself is audited, naming who approved it). */
  audit(actor: string, action: string, subject: string, details: Record<string, unknown>): void;
  /** The root-side installer's status file (Linux kiosk), watched while the core runs. */
  installerStatusFile?: string | undefined;
}

/** How often the installer's status file is looked at (a stat; the install takes far longer). */
const INSTALLER_POLL_MS = 2000;

export class Updates {
  private state: UpdateState;
  /** The version a supervisor approved, and who: nothing else is ever installed. */
  private approved: { version: string; by: string } | null = null;
  private stopWaiting: (() => void) | null = null;

  constructor(private readonly opts: UpdatesOptions) {
    this.state = { phase: 'none', version: null, problem: null, supported: opts.shell !== undefined };
    const file = opts.installerStatusFile;
    if (file) {
      // The last outcome, as found at start (after an install the kiosk restarts on the new version).
      const last = readInstallerStatus(file);
      if (last) this.showInstallerStatus(last);
      fs.watchFile(file, { interval: INSTALLER_POLL_MS, persistent: false }, () => {
        const now = readInstallerStatus(file);
        if (now) this.installerReported(now);
      });
    }
  }

  stop(): void {
    if (this.opts.installerStatusFile) fs.unwatchFile(this.opts.installerStatusFile);
    this.stopWaiting?.();
  }

  /** The root-side installer finished (seen while running): shown, and audited as the system's act. */
  installerReported(status: InstallerStatus): void {
    this.showInstallerStatus(status);
    this.opts.audit(
      'sistema',
      status.outcome === 'installed' ? 'update.installed' : 'update.rejected',
      status.version ?? '',
      { problem: status.problem, file: status.file, by: 'instalador' },
    );
  }

  private showInstallerStatus(status: InstallerStatus): void {
    if (status.outcome === 'installed') this.set('installed', status.version);
    else this.set(status.outcome === 'failed' ? 'failed' : 'rejected', status.version, status.problem);
  }

  current(): UpdateState {
    return { ...this.state };
  }

  private set(phase: UpdatePhase, version: string | null, problem: string | null = null): void {
    this.state = { ...this.state, phase, version: version ?? this.state.version, problem };
    this.opts.log.info('update-state', { phase, version: this.state.version, problem });
  }

  /** From the shell: what electron-updater found or did (never "verified": see verified()). */
  report(phase: UpdatePhase, version: string | null, problem: string | null = null): void {
    if (phase === 'verified' || phase === 'deferred') return; // only the core moves to these
    this.set(phase, version, problem);
  }

  approve(version: string, supervisorId: string): Result<void, UpdateRefusal> {
    if (!this.opts.shell) return err({ reason: 'update.error.noShell' });
    if (this.state.phase !== 'available' || this.state.version !== version)
      return err({ reason: 'update.error.none' });
    const decision = mayApplyUpdate(this.opts.activity.busy());
    if (!decision.ok) return decision;
    this.approved = { version, by: supervisorId };
    this.set('downloading', version);
    this.opts.shell.download(version);
    return ok();
  }

  /**
   * From the shell: the downloaded file's signed release checked out. The core's own checks
   * (approved, newer than `runningVersion`, this channel), then install now or when idle.
   */
  verified(
    release: UpdateRelease,
    runningVersion: string,
  ): Result<void, ReleaseProblem | 'update.error.notApproved'> {
    const approved = this.approved;
    if (!approved || approved.version !== release.version)
      return this.reject(release, 'update.error.notApproved');
    const check = releaseAcceptable(release, {
      version: approved.version,
      currentVersion: runningVersion,
      channel: this.opts.channel,
    });
    if (!check.ok) return this.reject(release, check.error);
    this.set('verified', release.version);
    this.applyWhenIdle(release);
    return ok();
  }

  private reject<E extends string>(release: UpdateRelease, problem: E): Result<void, E> {
    this.approved = null;
    this.set('rejected', release.version, problem);
    this.opts.audit('sistema', 'update.rejected', release.version, { problem, channel: release.channel });
    return err(problem);
  }

  private applyWhenIdle(release: UpdateRelease): void {
    const busy = this.opts.activity.busy();
    if (busy.length > 0) {
      // Deferred, not refused: the scan or upload finishes, then the install goes ahead.
      this.set('deferred', release.version);
      this.opts.log.info('update-deferred', { version: release.version, busy });
      this.stopWaiting?.();
      this.stopWaiting = this.opts.activity.onIdle(() => {
        this.stopWaiting?.();
        this.stopWaiting = null;
        this.applyWhenIdle(release);
      });
      return;
    }
    const approved = this.approved!;
    this.approved = null;
    this.opts.audit(approved.by, 'update.install', release.version, {
      channel: release.channel,
      sha256: release.sha256,
      releasedAt: release.releasedAt,
    });
    this.set('installing', release.version);
    this.opts.shell!.apply(release.version);
  }
}
