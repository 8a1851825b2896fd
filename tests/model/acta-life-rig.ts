// The real peers the model-based test drives: the built station core as its own OS process
// (SIGKILL-able, restarted on the same data folder) and the built central as another process on a
// fixed port (killed for a link drop, started again in place), a "USB drive" folder the station's
// configuration lists as an allowed place, and the central's own `catd central import`.
// An operator and a supervisor sign in over the renderer's RPC, as people at the station would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { run, type Running } from '../helpers/processes';
import {
  assertBuiltCore,
  startStation,
  writeStationConfig,
  type Credentials,
} from '../reliability/station-process';
import { StationClient, type RpcAnswer } from '../reliability/station-client';
import { ELEVATION_TTL_MS } from '../../electron/security/elevation';
import { openDatabaseReadOnly } from '../../electron/store/db';
import { CentralStore } from '../../central/store';
import { AcopioEvents } from '../../central/catd-view';
import type { CasillaRecord } from '../../central/standing';

export const CENTRAL_ENTRY = path.resolve('dist/central/central.mjs');
export const STATION_ID = 'CATD-MODELO-01';
/** Another station of the same CATD, seen only through the central's acopio records. */
const OTHER_STATION = 'CATD-MODELO-09';
/** The CATD of the run's keys (entidad 09, distrito 07). */
export const MODEL_CATD = '09-07';
/** Elevate again well before the elevation expires (a step never straddles its end). */
const ELEVATION_REFRESH_MS = ELEVATION_TTL_MS / 2;

export interface RigCounts {
  coreRestarts: number;
  centralRestarts: number;
  linkDrops: number;
  mediaExports: number;
  restartMs: number;
}

/** One outbox entry as the station's file holds it (read beside the core, never through it). */
export interface OutboxRow {
  actaId: number | null;
  idempotencyKey: string;
  state: string;
  hold: string | null;
}

export class LifeRig {
  op!: StationClient;
  centralUp = false;
  readonly counts: RigCounts = {
    coreRestarts: 0,
    centralRestarts: 0,
    linkDrops: 0,
    mediaExports: 0,
    restartMs: 0,
  };
  private core: Running | null = null;
  private central: Running | null = null;
  private port = 0;
  private operator: Credentials | null = null;
  private supervisor: Credentials | null = null;
  private elevatedAt = 0;

  private constructor(
    readonly workDir: string,
    readonly ownDir: boolean,
  ) {}

  get stationDir(): string {
    return path.join(this.workDir, 'station');
  }
  get centralDir(): string {
    return path.join(this.workDir, 'central');
  }
  /** A folder standing for a USB drive: listed in the station's `files.roots`. */
  get usbDir(): string {
    return path.join(this.workDir, 'usb');
  }

  static async start(o: { workDir?: string; defectRate?: number } = {}): Promise<LifeRig> {
    assertBuiltCore();
    if (!fs.existsSync(CENTRAL_ENTRY)) throw new Error(`${CENTRAL_ENTRY} is missing: run npm run build`);
    const workDir = o.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'catd-model-'));
    const rig = new LifeRig(workDir, !o.workDir);
    fs.mkdirSync(rig.usbDir, { recursive: true });
    await rig.startCentral();
    writeStationConfig(rig.stationDir, {
      stationId: STATION_ID,
      links: [`http://127.0.0.1:${rig.port}`],
      // Both outcomes of a scan happen often: the gate accepts some sheets and rejects others.
      defectRate: o.defectRate ?? 0.25,
    });
    const configFile = path.join(rig.stationDir, 'config.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    config.files = { roots: [rig.usbDir], removable: false };
    // A station of CATD 09-07 (the run's keys): acopio asks the central, offline it owes a report.
    config.station.district = MODEL_CATD;
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
    await rig.startCore();
    return rig;
  }

  /** The central on its fixed port (the first start picks one); the station's link points there. */
  async startCentral(): Promise<void> {
    const proc = run(process.execPath, [
      CENTRAL_ENTRY,
      '--port',
      String(this.port),
      '--data',
      this.centralDir,
    ]);
    const m = await proc.waitForLine(/^Intake: http:\/\/127\.0\.0\.1:(\d+)$/, 20_000);
    this.port = Number(m[1]);
    this.central = proc;
    this.centralUp = true;
  }

  /** The link drops: the central process is gone (SIGKILL, mid-upload or not). */
  async killCentral(): Promise<void> {
    await this.central?.stop('SIGKILL');
    this.central = null;
    this.centralUp = false;
    this.counts.linkDrops++;
  }

  async restartCentral(): Promise<void> {
    await this.killCentral();
    await this.startCentral();
    this.counts.centralRestarts++;
  }

  private async startCore(): Promise<void> {
    const started = await startStation({
      dataDir: this.stationDir,
      centralDir: this.centralDir,
      intakeUrl: `http://127.0.0.1:${this.port}`,
    });
    if (started.kind !== 'ready')
      throw new Error(`the core died while starting:\n${started.proc.output.slice(-30).join('\n')}`);
    const { station } = started;
    this.core = station.proc;
    // The demo accounts are printed once, on the first start of the data folder.
    for (const line of station.proc.output) {
      const a = /^\s+(Supervisor|Operador)\s+id: (\S+)\s+PIN: (\S+)/.exec(line);
      if (a?.[1] === 'Supervisor') this.supervisor ??= { operatorId: a[2]!, pin: a[3]! };
      if (a?.[1] === 'Operador') this.operator ??= { operatorId: a[2]!, pin: a[3]! };
    }
    if (!this.operator || !this.supervisor) throw new Error('the first start printed no demo accounts');
    // The operator's session; the supervisor lifts it with id + PIN (the console), as at a station.
    this.op = await StationClient.connect(station.origin, station.launchPath);
    await this.op.must('mutation', 'session.login', this.operator);
    this.elevatedAt = 0;
  }

  /** A supervisor's call: elevates the operator's session first when the last elevation is old. */
  async supervise(kind: 'query' | 'mutation', procedure: string, input?: unknown): Promise<RpcAnswer> {
    if (Date.now() - this.elevatedAt > ELEVATION_REFRESH_MS) {
      await this.op.must('mutation', 'session.elevate', {
        supervisorId: this.supervisor!.operatorId,
        pin: this.supervisor!.pin,
      });
      this.elevatedAt = Date.now();
    }
    return kind === 'query' ? this.op.query(procedure, input) : this.op.mutation(procedure, input);
  }

  /** A power cut: SIGKILL at whatever the core is doing, then the same data folder again. */
  async restartCore(): Promise<void> {
    const t0 = Date.now();
    await this.core?.stop('SIGKILL');
    await this.startCore();
    this.counts.coreRestarts++;
    this.counts.restartMs += Date.now() - t0;
  }

  /** `catd central import FOLDER --data DIR`, as the central's people run it. */
  importAtCentral(folder: string): { status: number | null; output: string } {
    const r = spawnSync(
      process.execPath,
      ['bin/catd.mjs', 'central', 'import', folder, '--data', this.centralDir],
      { encoding: 'utf8', timeout: 60_000 },
    );
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  }

  /** Every record the central committed (and its delivered rows), read from its database. */
  async centralRecords(): Promise<{
    records: CasillaRecord[];
    delivered: Array<{ idempotencyKey: string }>;
  }> {
    const store = await CentralStore.open(this.centralDir);
    try {
      return { records: await store.records(), delivered: await store.delivered() };
    } finally {
      await store.close();
    }
  }

  /** Waits until the station owes the central no acopio report (the reporter sends within seconds). */
  async reportsSent(timeoutMs = 60_000): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      const db = openDatabaseReadOnly(path.join(this.stationDir, 'catd.sqlite'));
      let pending: number;
      try {
        pending = db
          .prepare<[], { n: number }>(`SELECT count(*) AS n FROM acopio_reports WHERE state = 'pending'`)
          .get()!.n;
      } finally {
        db.close();
      }
      if (pending === 0) return;
      if (Date.now() - t0 > timeoutMs)
        throw new Error(`${pending} acopio reports still owed after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * Another station of the CATD receives `actaKey` at acopio, recorded straight into the central's
   * database (its process is down: the station cannot hear of it until its link is back).
   */
  async otherStationReceived(actaKey: string): Promise<void> {
    const store = await CentralStore.open(this.centralDir);
    try {
      await new AcopioEvents(store.db, () => new Date()).record(OTHER_STATION, MODEL_CATD, {
        actaKey,
        stationName: 'Estación 9',
        receivedAt: new Date().toISOString(),
        offsetMinutes: -360,
      });
    } finally {
      await store.close();
    }
  }

  stationOutbox(): OutboxRow[] {
    const db = openDatabaseReadOnly(path.join(this.stationDir, 'catd.sqlite'));
    try {
      return db
        .prepare<[], { acta_id: number | null; idempotency_key: string; state: string; hold: string | null }>(
          'SELECT acta_id, idempotency_key, state, hold FROM outbox',
        )
        .all()
        .map((r) => ({ actaId: r.acta_id, idempotencyKey: r.idempotency_key, state: r.state, hold: r.hold }));
    } finally {
      db.close();
    }
  }

  async stop(keepFiles: boolean): Promise<void> {
    await this.core?.stop('SIGTERM');
    await this.central?.stop('SIGTERM');
    if (this.ownDir && !keepFiles) fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}
