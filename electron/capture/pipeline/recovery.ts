// At start, before the first scan: end scans a crash left running (their acta goes back to being
// scannable, pages kept), remove temp files of interrupted writes, and report image files no page
// row knows (stored just before a crash, before their row): reported, never deleted.
import type { BlobStore, SweepReport } from '../store/blob-store';
import type { Logger } from '../../log/logger';
import type { ActaWorkflow, RecoveredScan } from '../../workflow/workflow';

export interface CaptureRecovery {
  interruptedScans: RecoveredScan[];
  sweep: SweepReport;
}

export async function recoverCapture(deps: {
  workflow: ActaWorkflow;
  blobs: BlobStore;
  log?: Logger;
  /** Hashes other modules keep in the same blob folder (e.g. receipts), so they are not orphans. */
  otherKnownHashes?: Iterable<string>;
}): Promise<CaptureRecovery> {
  const interruptedScans = deps.workflow.recoverInterruptedScans();
  const known = deps.workflow.knownPageHashes();
  for (const h of deps.otherKnownHashes ?? []) known.add(h);
  const sweep = await deps.blobs.sweep(known);
  const log = deps.log?.child({ part: 'capture-recovery' });
  for (const s of interruptedScans) log?.warn('capture-scan-interrupted', { ...s });
  if (sweep.orphans.length > 0)
    log?.warn('capture-orphan-files', { count: sweep.orphans.length, files: sweep.orphans });
  if (sweep.removedTemp.length > 0) log?.info('capture-temp-removed', { count: sweep.removedTemp.length });
  return { interruptedScans, sweep };
}
