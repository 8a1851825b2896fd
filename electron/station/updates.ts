// The station's view of software updates. The shell finds them (electron-updater) and reports;
// a supervisor approves one in the console; the core checks nothing is in progress and tells the
// shell to download, verify and install it. In web mode there is no shell and so no update.
import type { Activity } from '../platform/activity';
import type { Logger } from '../platform/logger';
import { mayApplyUpdate, type WorkInProgress } from '../shell/update-policy';

export const UPDATE_PHASES = [
  'none',
  'available',
  'downloading',
  'verifying',
  'installing',
  'rejected',
  'failed',
] as const;
export type UpdatePhase = (typeof UPDATE_PHASES)[number];

export interface UpdateState {
  phase: UpdatePhase;
  version: string | null;
  /** Message key of the last problem (signature refused, download failed...). */
  problem: string | null;
  /** False in web mode: there is no shell to install anything. */
  supported: boolean;
}

export type ApproveResult =
  | { ok: true }
  | { ok: false; reason: 'update.error.none' | 'update.error.noShell' }
  | { ok: false; reason: 'update.error.busy'; busy: WorkInProgress[] };

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

  approve(version: string): ApproveResult {
    if (!this.install) return { ok: false, reason: 'update.error.noShell' };
    if (this.state.phase !== 'available' || this.state.version !== version)
      return { ok: false, reason: 'update.error.none' };
    const decision = mayApplyUpdate(this.activity.busy());
    if (!decision.ok) return decision;
    this.state = { ...this.state, phase: 'downloading' };
    this.install(version);
    return { ok: true };
  }
}
