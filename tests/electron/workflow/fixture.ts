// A station's workflow on a real SQLite file in a temp folder, a clock the test moves, and the
// people who act on it.
import path from 'node:path';
import { openDatabase, type Db } from '../../../electron/store/db';
import type { Clock } from '../../../electron/platform/clock';
import { ActaWorkflow, type WorkflowHooks } from '../../../electron/workflow';
import type { WorkflowActor } from '../../../electron/workflow/actor';
import { formatActaKeyLabel, type ActaKey } from '../../../shared/acta-key';
import type { PageIdentification } from '../../../shared/workflow';
import { tempDir } from '../../helpers/temp';

export class TestClock implements Clock {
  constructor(public t = Date.parse('2024-06-02T20:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  /** Time passes only when the test advances it, so monotonic and wall time move together. */
  monotonicMs(): number {
    return this.t;
  }
  /** Central Mexico, UTC−6. */
  utcOffsetMinutes(): number {
    return -360;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const operator: WorkflowActor = { id: 'op-ana', role: 'operador' };
export const supervisor: WorkflowActor = { id: 'sup-luis', role: 'supervisor' };

export function key(seccion: number, casillaNumber = 1, casillaType: ActaKey['casillaType'] = 'B'): ActaKey {
  return {
    year: 2024,
    election: 'PRES',
    entidad: '09',
    distrito: '05',
    seccion: String(seccion).padStart(4, '0'),
    casillaType,
    casillaNumber,
  };
}

export const label = (k: ActaKey) => formatActaKeyLabel(k);

export interface Station {
  dir: string;
  dbFile: string;
  db: Db;
  clock: TestClock;
  wf: ActaWorkflow;
  queued: number[];
  annulled: number[];
  reopen(): void;
}

export function station(opts: { hooks?: WorkflowHooks; autoEnqueue?: boolean } = {}): Station {
  const dir = tempDir('catd-workflow-');
  const dbFile = path.join(dir, 'catd.db');
  const clock = new TestClock();
  const queued: number[] = [];
  const annulled: number[] = [];
  const make = (db: Db) =>
    new ActaWorkflow({
      db,
      clock,
      stationId: 'CATD-09-05-E1',
      autoEnqueue: opts.autoEnqueue ?? true,
      hooks: {
        onQueued: (a) => queued.push(a.id),
        onAnnulled: (a) => annulled.push(a.id),
        ...opts.hooks,
      },
    });
  const s: Station = {
    dir,
    dbFile,
    db: openDatabase(dbFile),
    clock,
    wf: undefined as unknown as ActaWorkflow,
    queued,
    annulled,
    reopen() {
      if (s.db.open) s.db.close();
      s.db = openDatabase(dbFile);
      s.wf = make(s.db);
    },
  };
  s.wf = make(s.db);
  return s;
}

/** Receives an acta by the code reader. */
export function receive(s: Station, k: ActaKey, who = operator) {
  return s.wf.receive({ keyText: label(k), source: 'reader' }, who);
}

let fakeSeq = 0;

/**
 * Digitises without a scanner (the pipeline tests use the real one): pages recorded as the
 * pipeline records them, each with a distinct fake hash.
 */
export function digitise(
  s: Station,
  actaId: number,
  pages: Array<{ suitable: boolean; identification?: PageIdentification; reason?: string }> = [
    { suitable: true },
  ],
) {
  const a = s.wf.find(actaId)!;
  const { scanNo, acta } = s.wf.beginScan(actaId, a.version, operator);
  pages.forEach((p, i) => {
    fakeSeq++;
    s.wf.recordPage(actaId, scanNo, {
      position: i + 1,
      sha256: fakeSeq.toString(16).padStart(64, '0'),
      size: 1000 + i,
      format: 'png',
      preview: null,
      scannedAt: { utc: s.clock.now().toISOString(), offsetMinutes: -360 },
      suitable: p.suitable,
      reasons: p.suitable
        ? []
        : [
            {
              code: p.reason ?? 'blur',
              severity: 'reject',
              messageKey: `quality.reason.${p.reason ?? 'blur'}`,
            },
          ],
      identification: p.identification ?? 'match',
      identifiedKeyId: p.identification === 'match' || p.identification === undefined ? acta.keyId : null,
    });
  });
  return s.wf.finishScan(actaId, scanNo, acta.version, { kind: 'completed' }, operator);
}
