// Issue #18, an offline acopio report through power cuts: the station is the built core as its own
// process (`catd start`, as in the reliability harness), the central a real one. With the central
// gone, an operator receives an acta; the core is killed with SIGKILL (no cleanup, no flush) and
// started again on the same data folder with the central back. It is killed once more at the worst
// instant (the central has recorded the report, the station has not yet marked it sent), then
// started again. The central ends up with that station's acopio of that key exactly once, and the
// station owes it nothing more.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startIntakeServer, type IntakeServer } from '../../../central/server';
import { actaKeyId, formatActaKeyLabel } from '../../../shared/acta-key';
import { CRASH_POINT_LINE } from '../../../electron/platform/crash-points';
import {
  assertBuiltCore,
  exitSignal,
  startStation,
  type Credentials,
  type StationProcess,
} from '../../reliability/station-process';
import { StationClient } from '../../reliability/station-client';
import { K1, writeCatdStation } from '../../helpers/catd-stations';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-report-kill-'));
const centralDir = path.join(tmp, 'central');
const stationDir = path.join(tmp, 'station-2');
const STATION_ID = 'CATD-0109-02';
let intake: IntakeServer | null = null;
let port = 0;
const running: StationProcess[] = [];

async function startCentral(): Promise<IntakeServer> {
  intake = await startIntakeServer({ ports: [port], dataDir: centralDir });
  port = Number(new URL(intake.urls[0]!).port);
  return intake;
}

async function start(crashAt?: string): Promise<StationProcess> {
  const out = await startStation({
    dataDir: stationDir,
    centralDir,
    intakeUrl: `http://127.0.0.1:${port}`,
    ...(crashAt ? { crashAt } : {}),
  });
  if (out.kind !== 'ready') throw new Error('the core died before it was ready');
  running.push(out.station);
  return out.station;
}

async function signIn(s: StationProcess, who: Credentials): Promise<StationClient> {
  const c = await StationClient.connect(s.origin, s.launchPath);
  await c.must('mutation', 'session.login', who);
  return c;
}

/** The central's acopio records of this station for the key: what the other stations are told. */
async function centralRecords(central: IntakeServer): Promise<number> {
  const rows = await central.store.db.all<{ n: number }>(
    'SELECT count(*) AS n FROM acopio_events WHERE station_id = ? AND acta_key = ?',
    [STATION_ID, actaKeyId(K1)],
  );
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  assertBuiltCore();
  writeCatdStation(stationDir, 2);
  await startCentral();
}, 60_000);
afterAll(async () => {
  for (const s of running) await s.proc.stop('SIGKILL');
  await intake?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

it('delivers an offline acopio report once, through a SIGKILL and a kill after the central recorded it', async () => {
  // First start (enrols with the central, prints the demo accounts), then the central goes.
  const first = await start();
  const operator = first.accounts.find((a) => a.operatorId.startsWith('operador'))!;
  await intake!.close();
  intake = null;
  const op = await signIn(first, operator);
  const label = formatActaKeyLabel(K1);
  const received = await op.must('mutation', 'actas.receive', {
    keyText: label,
    source: 'typed',
    keyConfirm: label,
  });
  expect(received).toMatchObject({ outcome: 'received', catdOnline: false });
  const board = await op.must('query', 'actas.dashboard', { bucketMinutes: 5 });
  expect(board.catd.unsentReports).toBe(1);
  // Power cut: no cleanup, no flush.
  await first.proc.stop('SIGKILL');
  expect(await exitSignal(first.proc, 5_000)).toBe('SIGKILL');

  // Back with the central, armed to die as soon as the central has recorded the report.
  const central = await startCentral();
  const second = await startStation({
    dataDir: stationDir,
    centralDir,
    intakeUrl: `http://127.0.0.1:${port}`,
    crashAt: 'catd.reported:1',
  });
  const dying = second.kind === 'ready' ? second.station.proc : second.proc;
  expect(await exitSignal(dying, 30_000)).toBe('SIGKILL');
  expect(dying.output.some((l) => l.includes(`${CRASH_POINT_LINE} catd.reported`))).toBe(true);
  expect(await centralRecords(central)).toBe(1);

  // Started again: it sends the report again (it never saw it marked), the central keeps one.
  const third = await start();
  const again = await signIn(third, operator);
  await expect
    .poll(
      async () => (await again.must('query', 'actas.dashboard', { bucketMinutes: 5 })).catd.unsentReports,
      {
        timeout: 30_000,
        interval: 500,
      },
    )
    .toBe(0);
  expect(await centralRecords(central)).toBe(1);
  // The CATD's view the Tablero reads counts the station's acopio of the key.
  const panel = (await again.must('query', 'actas.dashboard', { bucketMinutes: 5 })).catd;
  expect(panel.source).toBe('central');
  expect(panel.stations).toEqual([{ stationId: STATION_ID, stationName: 'Estación 2', received: 1 }]);
}, 180_000);
