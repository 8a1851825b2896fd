// The station's view of software updates. The shell finds them (electron-updater) and reports;
// a supervisor approves one in the console; the core checks nothing is in progress and tells the
// shell to download, verify and install it. In web mode there is no shell and so no update.
import type { Activity } from '../platform/activity';
import type { Logger } from '../platform/logger';
import { err, ok, type Result } from '../platform/result';
import type { WorkInProgress } from '../platform/activity';
import { UPDATE_PHASES, type UpdatePhase } from '../platform/shell-contract';

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

export class Updates {
  private state: UpdateState;

  constructor(
    private readonly activity: Activity,
    private readonly log: Logger,
    /** Tells the shell to download, verify and install; undefined without a shell. */
    private readonly install: ((version: string) => void) | undefined,
  ) {
    this.state = { phase: 'none', version: null, problem: null, supported: install !== undefined };
  }

  current(): UpdateState {
    return { ...this.state };
  }

  /** From the shell: what electron-updater found or did. */
  report(phase: UpdatePhase, version: string | null, problem: string | null = null): void {
    this.state = { ...this.state, phase, version: version ?? this.state.version, problem };
    this.log.info('update-state', { phase, version, problem });
  }

  approve(version: string): Result<void, UpdateRefusal> {
    if (!this.install) return err({ reason: 'update.error.noShell' });
    if (this.state.phase !== 'available' || this.state.version !== version)
      return err({ reason: 'update.error.none' });
    const decision = mayApplyUpdate(this.activity.busy());
    if (!decision.ok) return decision;
    this.state = { ...this.state, phase: 'downloading' };
    this.install(version);
    return ok();
  }
}
