// A station's transmission side on a temp folder, real actas (image files with their SHA-256),
// and reference intake servers as real processes.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../../../electron/store/db';
import { AuditLog } from '../../../electron/security/audit';
import { keyFiles, loadOrCreateStationKey, type StationKey } from '../../../electron/security/station-key';
import { systemClock, type Clock } from '../../../electron/platform/clock';
import { Outbox, type OutboxItem } from '../../../electron/transmit/outbox';
import { actaKeyId } from '../../../shared/acta-key';
import { enrolStation, loadOrCreateCentralKey } from '../../../central/keys';
import { installCentralKey, loadCentralKey } from '../../../electron/transmit/enrolment';
import { run, type Running } from '../../helpers/processes';
import { RequestSigner } from '../../../electron/transmit/request-signer';
import { ClockOffsetMeter } from '../../../electron/transmit/clock-offset';

export const STATION_ID = 'CATD-TEST-01';
export const TSX = path.resolve('node_modules/.bin/tsx');

export interface TestStationSide {
  dataDir: string;
  db: Db;
  audit: AuditLog;
  key: StationKey;
  outbox: Outbox;
  centralKeyPem: string;
  /** Signs requests as this station (what the transmitter does on every link). */
  signer: RequestSigner;
  close(): void;
}

/** Opens (or reopens) the station side and enrols it with the central in `centralDir`. */
export function openStationSide(
  dataDir: string,
  centralDir: string,
  clock: Clock = systemClock,
  stationId: string = STATION_ID,
): TestStationSide {
  const key = loadOrCreateStationKey(dataDir);
  enrolStation(centralDir, stationId, keyFiles(dataDir).publicFile);
  loadOrCreateCentralKey(centralDir);
  const r = installCentralKey(dataDir, path.join(centralDir, 'keys', 'central-ed25519.pub'));
  if (!r.ok) throw new Error(r.error);
  const db = openDatabase(path.join(dataDir, 'catd.sqlite'));
  const audit = new AuditLog(db, clock);
  const outbox = new Outbox(db, audit, key, clock);
  return {
    dataDir,
    db,
    audit,
    key,
    outbox,
    centralKeyPem: loadCentralKey(dataDir)!,
    signer: new RequestSigner(key, stationId, clock, new ClockOffsetMeter()),
    close: () => db.close(),
  };
}

const stamp = () => ({ utc: new Date().toISOString(), offsetMinutes: -360 });

export function actaKeyFor(n: number): string {
  return actaKeyId({
    year: 2024,
    election: 'PRES',
    entidad: '09',
    distrito: '05',
    seccion: String(1 + (n % 9999)).padStart(4, '0'),
    casillaType: 'B',
    casillaNumber: 1 + Math.floor(n / 9999),
  });
}

/** Writes `pages` random images of `size` bytes and returns the outbox item for acta number n. */
export function makeActa(dataDir: string, n: number, size = 64 * 1024, pages = 2): OutboxItem {
  const dir = path.join(dataDir, 'images');
  fs.mkdirSync(dir, { recursive: true });
  const images = Array.from({ length: pages }, () => {
    const bytes = randomBytes(size);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = path.join(dir, sha256);
    fs.writeFileSync(file, bytes);
    return { sha256, size, path: file };
  });
  return {
    actaKey: actaKeyFor(n),
    images,
    times: { receivedAt: stamp(), scannedAt: stamp(), verifiedAt: stamp() },
    stationId: STATION_ID,
    operatorId: 'op01',
  };
}

export interface IntakeProcess {
  url: string;
  port: number;
  proc: Running;
  kill(): Promise<void>;
}

/** The reference intake as its own process on 127.0.0.1 (a fixed port to restart it in place). */
export async function spawnIntake(
  dataDir: string,
  opts: {
    port?: number;
    tls?: boolean;
    fault?: string;
    database?: string;
    purpose?: 'training';
    /** Node's own flags (e.g. --cpu-prof for a benchmark's profile). */
    nodeArgs?: string[];
  } = {},
): Promise<IntakeProcess> {
  const args = ['central/main.ts', '--port', String(opts.port ?? 0), '--data', dataDir];
  if (opts.database) args.push('--database', opts.database);
  if (opts.tls) args.push('--tls');
  if (opts.fault) args.push('--fault', opts.fault);
  if (opts.purpose) args.push('--purpose', opts.purpose);
  // With Node flags, node itself (tsx as a loader): one process, so a SIGTERM reaches the intake once.
  const proc = opts.nodeArgs
    ? run(process.execPath, [...opts.nodeArgs, '--import', 'tsx', ...args])
    : run(TSX, args);
  const m = await proc.waitForLine(/^Intake: (https?:\/\/127\.0\.0\.1:(\d+))$/, 15_000);
  return { url: m[1]!, port: Number(m[2]), proc, kill: () => proc.stop('SIGKILL') };
}

export function centralCounts(rows: Array<{ actaKey: string; manifestSha256: string }>): Map<string, number> {
  const byKey = new Map<string, number>();
  for (const r of rows)
    byKey.set(`${r.actaKey}|${r.manifestSha256}`, (byKey.get(`${r.actaKey}|${r.manifestSha256}`) ?? 0) + 1);
  return byKey;
}

import { Transmitter, type TransmitEvent } from '../../../electron/transmit/transmitter';
import type { TransmitConfigInput } from '../../../electron/transmit/config';
import { createMemoryLogger } from '../../../electron/platform/logger';

export function startTransmitter(
  station: TestStationSide,
  urls: { primary: string; backup: string; ca?: string },
  over: Partial<TransmitConfigInput> = {},
  clock: Clock = systemClock,
  stationId: string = STATION_ID,
): { tx: Transmitter; events: TransmitEvent[]; log: ReturnType<typeof createMemoryLogger> } {
  const log = createMemoryLogger();
  const ca = urls.ca ? { ca: urls.ca } : {};
  const tx = new Transmitter(
    {
      links: [
        { name: 'primario', role: 'primary', priority: 1, url: urls.primary, ...ca },
        { name: 'respaldo', role: 'backup', priority: 2, url: urls.backup, ...ca },
      ],
      failbackAfterMs: 1_500,
      probeIntervalMs: 200,
      ...over,
    },
    {
      db: station.db,
      audit: station.audit,
      outbox: station.outbox,
      stationKey: station.key,
      centralKeyPem: station.centralKeyPem,
      stationId,
      clock,
      log,
    },
  );
  const events: TransmitEvent[] = [];
  tx.onEvent((e) => events.push(e));
  tx.start();
  return { tx, events, log };
}
