// The capture pipeline with its real peers: a workflow on a SQLite file, the content-addressed
// blob store, the quality gate (its workers) and the simulated scanner fed realistic actas.
import path from 'node:path';
import { afterAll } from 'vitest';
import { Activity } from '../../../../electron/platform/activity';
import { BlobStore } from '../../../../electron/capture/store/blob-store';
import { QualityGate } from '../../../../electron/capture/quality/gate';
import {
  CapturePipeline,
  type ScanPermission,
  type ScanProgress,
} from '../../../../electron/capture/pipeline';
import { SimulatedScanner, type SimPageSource } from '../../../../sim/devices/scanner';
import { encodePage, renderActaPage } from '../../../../sim/acta/page';
import { scanWithDefect, type Defect } from '../../../../sim/acta/defects';
import type { ActaKey } from '../../../../shared/acta-key';
import { station, type Station } from '../../workflow/fixture';

/** One gate per test file (its workers are the costly part to start). */
const gate = new QualityGate({ workers: 1 });
afterAll(() => gate.close());

export interface Rig {
  s: Station;
  blobs: BlobStore;
  activity: Activity;
  pipeline: CapturePipeline;
  events: ScanProgress[];
  previewsDir: string;
}

export function rig(opts: { canStartScan?: () => ScanPermission } = {}): Rig {
  const s = station();
  const blobs = new BlobStore(path.join(s.dir, 'blobs'));
  const activity = new Activity();
  const previewsDir = path.join(s.dir, 'previews');
  const pipeline = new CapturePipeline({
    workflow: s.wf,
    blobs,
    gate,
    activity,
    clock: s.clock,
    previewsDir,
    ...(opts.canStartScan ? { canStartScan: opts.canStartScan } : {}),
  });
  const events: ScanProgress[] = [];
  pipeline.onProgress((e) => events.push(e));
  return { s, blobs, activity, pipeline, events, previewsDir };
}

/** Sheets as the feeder delivers them: each a realistic acta with the key on its label, optionally a defect. */
export function sheets(list: Array<{ key: ActaKey; defect?: Defect }>): SimPageSource {
  let i = 0;
  return async () => {
    const sheet = list[i++ % list.length]!;
    const acta = await renderActaPage({ seed: 1000 + i, colour: 'grey', key: sheet.key });
    if (!sheet.defect) return { bytes: await encodePage(acta.page, 'png'), format: 'png' };
    const scanned = await scanWithDefect(acta.optical, sheet.defect, 1000 + i);
    return { bytes: await encodePage(scanned.page, 'png'), format: 'png' };
  };
}

export function scanner(source: SimPageSource, sheetsInFeeder = 10, faults: { jamAtPage?: number } = {}) {
  return new SimulatedScanner(
    { now: () => new Date(), monotonicMs: () => performance.now(), utcOffsetMinutes: () => -360 },
    { config: { pageDelayMs: 0, sheetsInFeeder, faults }, pageSource: source },
  );
}
