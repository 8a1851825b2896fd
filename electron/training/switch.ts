// The supervisor's switch into or out of training. Order matters for a crash at any instant:
// 1. the switch is audited in the database being left (committed);
// 2. the mode file is replaced atomically (the only thing the next start reads to pick a folder);
// 3. the core restarts, closing this database before the other one opens.
// Killed after 1, the station comes back in the mode it was in (the audit says the switch was
// asked; the next start's own entry says which folder opened). Killed after 2, it comes back in
// the new mode. No instant has both databases open for writing by this core.
import type { Clock } from '../platform/clock';
import { crashPoint } from '../platform/crash-points';
import type { Db } from '../store/db';
import type { AuditLog } from '../security/audit';
import { writeModeFile, type DataPurpose } from './mode';

export interface SwitchDeps {
  baseDir: string;
  db: Db;
  audit: AuditLog;
  clock: Clock;
  /** Restarts the core (stops this one first): the next start reads the mode file. */
  restart(): void;
}

export function switchPurpose(deps: SwitchDeps, to: DataPurpose, actor: string, reason: string): void {
  const at = deps.clock.now().toISOString();
  deps.db.transaction(() =>
    deps.audit.append(actor, to === 'training' ? 'training.enter' : 'training.leave', 'estacion', { reason }),
  )();
  crashPoint('training.audited');
  writeModeFile(deps.baseDir, { purpose: to, by: actor, at });
  crashPoint('training.switched');
  deps.restart();
}
