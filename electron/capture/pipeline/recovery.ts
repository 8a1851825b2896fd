// At start, before the first scan: end scans a crash left running (their acta goes back to being
// scannable, pages kept), remove temp files of interrupted writes, and report image files no page
// row knows (stored just before a crash, before their row): reported, never deleted.
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore, SweepReport } from '../store/blob-store';
import type { Logger } from '../../platform/logger';
import type { ActaWorkflow, RecoveredScan } from '../../workflow/workflow';

export interface CaptureRecovery {
  interruptedScans: RecoveredScan[];
  sweep: SweepReport;
  /** Half-written previews (`*.tmp`) removed; previews are derived, so nothing is lost. */
  previewTemps: string[];
}

export async function recoverCapture(deps: {
  workflow: ActaWorkflow;
  blobs: BlobStore;
  log?: Logger;
  /** Hashes other modules keep in the same blob folder (e.g. receipts), so they are not orphans. */
  otherKnownHashes?: Iterable<string>;
  /** Where previews are written (aside, then renamed): a crash can leave a temp there. */
  previewsDir?: string;
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
  const previewTemps = deps.previewsDir ? await removePreviewTemps(deps.previewsDir) : [];
  if (previewTemps.length > 0) log?.info('capture-preview-temp-removed', { count: previewTemps.length });
  return { interruptedScans, sweep, previewTemps };
}

async function removePreviewTemps(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return []; // no preview written yet
  }
  const temps = names.filter((n) => n.endsWith('.tmp'));
  for (const n of temps) await fsp.rm(path.join(dir, n), { force: true });
  return temps;
}
