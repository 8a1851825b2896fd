// A small scenario played for real on a training core (scenario minute = 10 s): the feeder jams at
// the session's 2nd sheet, the UPS goes on battery at minute 1, the training link is cut from
// minute 1 for 6 minutes (long, so the trainee's scans fit in it on a loaded machine), and the
// session ends at minute 8. The trainee's steps go over the
// renderer's RPC; what is asserted is what the operator's screens read (the status snapshot: the
// scanner's state, the power level, the link) and what the training central holds, then the
// trainer's report: the jam's reaction time as waited here, the key typed wrong, time up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/app/core';
import { startIntakeServer, type IntakeServer } from '../../../central/server';
import { reportRows, startTrainingStation } from '../../helpers/training-station';
import { rpc } from '../../helpers/core';
import type { ActaFlow } from '../../helpers/acta-flow';
import { scenarioKeyLabel, ScenarioSchema } from '../../../shared/training/scenario';

const MINUTE_MS = 10_000;
/** How long the trainee takes to clear the jam here: the report must measure at least this. */
const JAM_CLEARING_MS = 1_500;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-scenario-events-'));
const scenario = ScenarioSchema.parse({
  format: 'catd-escenario-v1',
  name: 'Atasco apagón y enlace caído',
  kind: 'lesson',
  timeLimitMinutes: 8,
  catalogue: { election: 'PRES', entidad: '09', distrito: '05', casillas: ['101 B1', '102 B1'] },
  actas: [
    { casilla: '101 B1', arrivesAtMinute: 0 },
    { casilla: '102 B1', arrivesAtMinute: 0 },
  ],
  events: [
    { event: 'scannerJam', atSheet: 2 },
    { event: 'upsOnBattery', atMinute: 1 },
    { event: 'linkDown', atMinute: 1, link: 'capacitacion', forMinutes: 6 },
  ],
});
let central: IntakeServer;
let core: Core;
let flow: ActaFlow;
let supervisor: string;

beforeAll(async () => {
  central = await startIntakeServer({ ports: [0], dataDir: path.join(tmp, 'central'), purpose: 'training' });
  const file = path.join(tmp, 'escenario.json');
  fs.writeFileSync(file, JSON.stringify(scenario));
  ({ core, flow, supervisor } = await startTrainingStation(tmp, file, 'CATD-AULA-02', {
    simTrainingIntakeUrl: central.urls[0],
    simTrainingIntakeData: central.dataDir,
    trainingMinuteMs: MINUTE_MS,
  }));
}, 60_000);
afterAll(async () => {
  await core?.stop();
  await central?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const snapshot = () => flow.op('query', 'status.snapshot');
const session = () => flow.op('query', 'supervisor.training.session');
async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}
const scan = async (id: number) =>
  flow.op('mutation', 'actas.scan', { actaId: id, version: (await flow.get(id)).version });
const key = (i: number) => scenarioKeyLabel(scenario, scenario.actas[i]!.casilla);

describe('a scenario’s events, played on a training station', () => {
  it('jams, goes on battery, loses the link and gets it back; the report measures the trainee', async () => {
    // Minute 1: the power banner's level and the link cut, as every screen reads them.
    const cut = await until(snapshot, (s) => s.power.level === 'battery' && s.links[0].state === 'offline');
    expect(cut.power.level).toBe('battery');
    expect(cut.links[0]).toMatchObject({ name: 'capacitacion', state: 'offline' });
    // Sheet 1: acta 101 B1, scanned and verified while the link is down.
    const a = await flow.receive(key(0));
    expect((await scan(a.id)).kind).toBe('digitalizada');
    await flow.op('mutation', 'actas.verify', { actaId: a.id, version: (await flow.get(a.id)).version });

    // Sheet 2 jams: the operator's screen shows the scanner jammed, with the night's advice.
    const b = await flow.receive(key(1));
    expect((await scan(b.id)).kind).not.toBe('digitalizada');
    const jammed = await snapshot();
    expect(jammed.devices.scanner.state).toBe('jammed');
    expect(jammed.devices.scanner.lastError).toBe('scanner.error.jammed');
    // The trainee takes the sheet out and presses Escanear again, as the advice says.
    await new Promise((r) => setTimeout(r, JAM_CLEARING_MS));
    expect((await scan(b.id)).kind).toBe('digitalizada');
    expect((await snapshot()).devices.scanner.state).not.toBe('jammed');

    // A key typed twice that does not match: refused, and counted.
    const typo = await rpc(core, flow.operator, 'mutation', 'actas.receive', {
      keyText: key(1),
      keyConfirm: key(0),
      source: 'typed',
    });
    expect(typo.status).toBe(400);

    // Both verified while the link is down: queued, and nothing reaches the central while it stays down.
    await flow.op('mutation', 'actas.verify', { actaId: b.id, version: (await flow.get(b.id)).version });
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await snapshot()).links[0].state).toBe('offline');
    for (const acta of [a, b]) {
      expect((await central.store.records(acta.keyId)).length).toBe(0);
      expect((await flow.get(acta.id)).state).toBe('en_cola');
    }
    const back = await until(snapshot, (s) => s.links[0].state === 'connected', 90_000);
    expect(back.links[0].state).toBe('connected');
    expect((await flow.until(b.id, 'acusada', 45_000)).state).toBe('acusada');
    expect((await central.store.records(b.keyId)).length).toBe(1);
    expect((await flow.until(a.id, 'acusada', 30_000)).state).toBe('acusada');

    // In this lesson the trainee was told about the key at once.
    const told = await session();
    expect(told.feedback.map((f: { messageKey: string }) => f.messageKey)).toContain(
      'training.feedback.wrongKey',
    );

    // Minute 6: time is up. The screens say so; acopio and scans are refused with that message.
    expect((await until(session, (s) => s.timeUp, 60_000)).timeUp).toBe(true);
    const late = await rpc(core, flow.operator, 'mutation', 'actas.receive', {
      keyText: key(0),
      source: 'reader',
    });
    expect(late.status).toBe(412);
    expect(JSON.stringify(late.body)).toContain('training.timeUp');

    const [cells, ...others] = await reportRows({ core, flow, supervisor });
    expect(others).toEqual([]);
    expect(cells).toMatchObject({
      actas_completadas: '2',
      claves_erroneas: '1',
      eventos_a_atender: '1',
      eventos_atendidos: '1',
      tiempo_terminado: 'si',
    });
    // Measured from the scanner's jam to the rescan: at least the wait above, and not much more.
    const reaction = Number(cells!.reaccion_mediana_s);
    expect(reaction).toBeGreaterThanOrEqual(JAM_CLEARING_MS / 1000);
    expect(reaction).toBeLessThan(JAM_CLEARING_MS / 1000 + 5);

    const html = await (
      await fetch(`${core.origin}/capacitacion/informe`, { headers: { cookie: supervisor } })
    ).text();
    expect(html).toContain('UPS en batería');
    expect(html).toMatch(/Enlace caído \(capacitacion\)<\/td><td>[\d.]+ s<\/td><td>restablecido/);
    expect(html).toContain('Tiempo terminado');
  }, 240_000);
});
