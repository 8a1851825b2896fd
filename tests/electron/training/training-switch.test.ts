// A supervisor switches a station into training and back from the console, and the core is
// killed (SIGKILL, at the crash points of the switch) half way through: after every restart the
// station runs on exactly one database, of the purpose its mode file names, and no acta received
// in one mode is ever in the other's database. The core is the built `catd start`, as in the
// reliability harness, so the kill is a real process dying.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseReadOnly } from '../../../electron/platform/sqlite';
import { casillaKeys } from '../../helpers/casilla-keys';
import { AUTH_PATH } from '../../../shared/rpc';
import {
  assertBuiltCore,
  exitSignal,
  startStation,
  writeStationConfig,
  type Credentials,
  type StationProcess,
} from '../../reliability/station-process';
import { StationClient } from '../../reliability/station-client';
import { spawnIntake, type IntakeProcess } from '../transmit/fixtures';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-training-switch-'));
let central: IntakeProcess;
const centralDir = path.join(tmp, 'central');
const nextKey = casillaKeys(4001);
const running: StationProcess[] = [];

beforeAll(async () => {
  assertBuiltCore();
  central = await spawnIntake(centralDir);
}, 60_000);
afterAll(async () => {
  for (const s of running) await s.proc.stop('SIGKILL');
  await central?.proc.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function start(dataDir: string, crashAt?: string): Promise<StationProcess> {
  const out = await startStation({
    dataDir,
    centralDir,
    intakeUrl: central.url,
    ...(crashAt ? { crashAt } : {}),
  });
  if (out.kind !== 'ready') throw new Error('the core died before it was ready');
  running.push(out.station);
  return out.station;
}

async function signIn(origin: string, launchPath: string, who: Credentials): Promise<StationClient> {
  const c = await StationClient.connect(origin, launchPath);
  await c.must('mutation', 'session.login', who);
  return c;
}

/** A supervisor's PIN at the operator's screen, as the console asks before the switch. */
async function elevate(c: StationClient, sup: Credentials): Promise<void> {
  await c.must('mutation', 'session.elevate', { supervisorId: sup.operatorId, pin: sup.pin });
}

/** Keys of the actas in one data folder's database, read without writing to it. */
function actasIn(dataDir: string): string[] {
  const file = path.join(dataDir, 'catd.sqlite');
  if (!fs.existsSync(file)) return [];
  const db = openDatabaseReadOnly(file);
  try {
    return db
      .prepare<[], { key_label: string }>('SELECT key_label FROM actas ORDER BY id')
      .all()
      .map((r) => r.key_label);
  } finally {
    db.close();
  }
}

function auditActions(dataDir: string): string[] {
  const db = openDatabaseReadOnly(path.join(dataDir, 'catd.sqlite'));
  try {
    return db
      .prepare<[], { action: string }>('SELECT action FROM audit_log ORDER BY seq')
      .all()
      .map((r) => r.action);
  } finally {
    db.close();
  }
}

/** A station folder with its first start done (demo accounts printed), stopped cleanly. */
async function freshStation(name: string) {
  const dataDir = path.join(tmp, name);
  writeStationConfig(dataDir, {
    stationId: `CATD-${name.toUpperCase()}`,
    links: ['sim:intake'],
    defectRate: 0,
  });
  const s = await start(dataDir);
  const supervisor = s.accounts.find((a) => a.operatorId.startsWith('supervisor'))!;
  const operator = s.accounts.find((a) => a.operatorId.startsWith('operador'))!;
  return { dataDir, s, supervisor, operator };
}

const trainingDir = (dataDir: string) => path.join(dataDir, 'capacitacion');
const UI_LINE = new RegExp(`^UI: (http://[^/]+)(${AUTH_PATH}\\S+)$`);

/** The first line after line number `after` that matches, with its number (a restart prints anew). */
async function lineAfter(s: StationProcess, pattern: RegExp, after: number, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (let i = after + 1; i < s.proc.output.length; i++) {
      const m = pattern.exec(s.proc.output[i]!);
      if (m) return { m, index: i };
    }
    if (Date.now() > until)
      throw new Error(`no ${pattern} after line ${after}:\n${s.proc.output.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('entering and leaving training from the console', () => {
  it('switches in and back out, audited, each acta in the database of its mode', async () => {
    const { dataDir, s, supervisor, operator } = await freshStation('ida-vuelta');
    const realKey = nextKey();
    const op = await signIn(s.origin, s.launchPath, operator);
    await op.must('mutation', 'actas.receive', { keyText: realKey, source: 'reader' });

    // An operator cannot switch: only a supervisor, with a reason.
    const denied = await op.mutation('supervisor.training.switch', {
      to: 'training',
      reason: 'práctica del turno',
    });
    expect(denied.ok).toBe(false);
    await elevate(op, supervisor);
    await op.must('mutation', 'supervisor.training.switch', { to: 'training', reason: 'práctica del turno' });

    // The core restarts in this process on the same port and prints a new link.
    const ui = await lineAfter(s, /^Modo: CAPACITACIÓN/, 0, 30_000);
    expect(ui.m.input).toContain(trainingDir(dataDir));
    const link = await lineAfter(s, UI_LINE, ui.index, 5_000);
    const opT = await signIn(link.m[1]!, link.m[2]!, operator);
    expect((await opT.must('query', 'session.whoami')).station.training).toBe(true);
    const practiceKey = nextKey();
    await opT.must('mutation', 'actas.receive', { keyText: practiceKey, source: 'reader' });

    expect(actasIn(dataDir)).toEqual([realKey]);
    expect(actasIn(trainingDir(dataDir))).toEqual([practiceKey]);
    expect(auditActions(dataDir)).toContain('training.enter');

    await elevate(opT, supervisor);
    await opT.must('mutation', 'supervisor.training.switch', {
      to: 'production',
      reason: 'fin de la práctica',
    });
    const link2 = await lineAfter(s, UI_LINE, link.index, 30_000);
    expect(s.proc.output[link2.index - 1]).toBe(
      `Datos: ${dataDir}  ·  Configuración: ${path.join(dataDir, 'config.json')}`,
    );
    const opR = await signIn(link2.m[1]!, link2.m[2]!, operator);
    expect((await opR.must('query', 'session.whoami')).station.training).toBe(false);
    expect(auditActions(trainingDir(dataDir))).toContain('training.leave');
    expect(actasIn(dataDir)).toEqual([realKey]);
  }, 180_000);

  for (const [point, resumes] of [
    ['training.audited', 'production'],
    ['training.switched', 'training'],
  ] as const) {
    it(`killed at ${point}: comes back ${resumes === 'training' ? 'in training' : 'in real work'}, nothing mixed`, async () => {
      const first = await freshStation(`crash-${point.split('.')[1]}`);
      await first.s.proc.stop();
      const { dataDir, supervisor, operator } = first;
      const s = await start(dataDir, `${point}:1`);
      const op = await signIn(s.origin, s.launchPath, operator);
      const realKey = nextKey();
      await op.must('mutation', 'actas.receive', { keyText: realKey, source: 'reader' });
      await elevate(op, supervisor);
      // The core dies inside the call: no answer comes back.
      await op
        .mutation('supervisor.training.switch', { to: 'training', reason: 'práctica interrumpida' })
        .catch(() => null);
      expect(await exitSignal(s.proc, 10_000)).toBe('SIGKILL');

      const again = await start(dataDir);
      const op2 = await signIn(again.origin, again.launchPath, operator);
      const who = await op2.must('query', 'session.whoami');
      expect(who.station.training === true).toBe(resumes === 'training');
      const nowKey = nextKey();
      await op2.must('mutation', 'actas.receive', { keyText: nowKey, source: 'reader' });
      if (resumes === 'training') {
        expect(actasIn(dataDir)).toEqual([realKey]);
        expect(actasIn(trainingDir(dataDir))).toEqual([nowKey]);
      } else {
        expect(actasIn(dataDir)).toEqual([realKey, nowKey]);
        expect(fs.existsSync(path.join(trainingDir(dataDir), 'catd.sqlite'))).toBe(false);
      }
      // The switch was asked in both cases: the real database's audit chain says so.
      expect(auditActions(dataDir)).toContain('training.enter');
    }, 180_000);
  }
});
