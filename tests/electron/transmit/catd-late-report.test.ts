// Issue #18, acopio reports sent late: a real central and two real station cores of CATD 01-09.
// Station 1 receives keys while the central is up. With the central gone, station 2 receives the
// same keys (it cannot know: today's acopio) and a key nobody else has. When the central is back,
// station 2's reports reach it without anyone doing anything: the CATD view counts them, and the
// keys station 1 had first go en_conflicto at station 2 for its supervisor, with station 1's name
// and time. A core stopped between the acopio and the report sends it after its restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/app/core';
import { startIntakeServer, type IntakeServer } from '../../../central/server';
import { actaKeyId } from '../../../shared/acta-key';
import { CATD_DISTRICT, K1, K2, K3, receiveTyped, startCatdStation } from '../../helpers/catd-stations';
import { AcopioEvents } from '../../../central/catd-view';
import { cookieAs } from '../../helpers/procedures';
import { rpc } from '../../helpers/core';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-late-report-'));
const centralDir = path.join(tmp, 'central');
let intake: IntakeServer;
let port: number;
let one: Core;
let two: Core;

async function startCentral(): Promise<void> {
  intake = await startIntakeServer({ ports: [port ?? 0], dataDir: centralDir });
  port = Number(new URL(intake.urls[0]!).port);
}

function station(n: number, fresh: boolean): Promise<Core> {
  return startCatdStation(
    path.join(tmp, `station-${n}`),
    n,
    { url: intake.urls[0]!, dataDir: centralDir },
    { fresh, rendererDir: tmp },
  );
}

/** What station 2's supervisor sees in the actas list: the state of the acta. */
async function stateAtTwo(actaId: number): Promise<string> {
  return two.services.workflow.get(actaId).acta.state;
}

beforeAll(async () => {
  await startCentral();
  one = await station(1, true);
  two = await station(2, true);
}, 120_000);
afterAll(async () => {
  await two?.stop();
  await one?.stop();
  await intake?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('acopio reports sent when the link is back', () => {
  let firstK1: { utc: string };
  let twoK1: number;
  let twoK2: number;

  it('records offline acopios as owed to the central, without holding acopio up', async () => {
    firstK1 = (await receiveTyped(one, K1)).acta.receivedAt;
    expect((await receiveTyped(one, K2)).outcome).toBe('received');
    await intake.close();
    const r1 = await receiveTyped(two, K1);
    expect(r1).toMatchObject({ outcome: 'received', catdOnline: false });
    twoK1 = r1.acta.id;
    const r2 = await receiveTyped(two, K2);
    twoK2 = r2.acta.id;
    expect((await receiveTyped(two, K3)).outcome).toBe('received');
    expect(two.services.workflow.acopioReports.pendingCount()).toBe(3);
  });

  it('keeps the reports through a core stopped before sending them', async () => {
    await two.stop();
    await startCentral();
    // Demo PINs are shown at the first start only: station 2's operator keeps the ones it had.
    const accounts = two.demoAccounts;
    two = { ...(await station(2, false)), demoAccounts: accounts };
    // The central is back: the reports go out by themselves, and the two keys station 1 had first
    // are now conflicts at station 2, for its supervisor.
    await expect.poll(() => stateAtTwo(twoK1), { timeout: 30_000, interval: 250 }).toBe('en_conflicto');
    await expect.poll(() => stateAtTwo(twoK2), { timeout: 30_000, interval: 250 }).toBe('en_conflicto');
    expect(two.services.workflow.acopioReports.pendingCount()).toBe(0);
    const entries = two.services.audit.query({ action: 'acta.conflict' }).entries;
    const late = entries.find((e) => e.subject === `acta:${twoK1}`);
    expect(late?.details).toMatchObject({
      catd: 'late',
      from: 'recibida',
      elsewhere: { stationName: 'Estación 1' },
    });
    // Station 1's time of acopio (its report is stamped as the acopio starts, its record as it commits).
    const when = Date.parse((late?.details as { elsewhere: { receivedAt: string } }).elsewhere.receivedAt);
    expect(Math.abs(when - Date.parse(firstK1.utc))).toBeLessThan(5_000);
    // The CATD's view counts station 2's acopios: three keys of three, station 2 with 3.
    const seen = await two.services.catd.view();
    expect(seen.online && seen.view.stations.find((s) => s.stationName === 'Estación 2')?.received).toBe(3);
    expect(seen.online && seen.view.received).toEqual([K1, K2, K3].map(actaKeyId).sort());
  });

  it('tells station 1, which had the keys first, that station 2 also received them, once', async () => {
    // Station 1's next read of the CATD view (its Tablero, or its own look every minute).
    const notices = async () => {
      await one.services.catd.view();
      return one.services.workflow.catdLaterNotices(20);
    };
    await expect.poll(async () => (await notices()).length, { timeout: 30_000, interval: 500 }).toBe(2);
    const oneK1 = one.services.workflow.list().actas.find((a) => a.keyId === actaKeyId(K1))!;
    const twoK1At = two.services.workflow.get(twoK1).acta.receivedAt;
    expect(await notices()).toContainEqual(
      expect.objectContaining({ actaId: oneK1.id, stationName: 'Estación 2', receivedAt: twoK1At }),
    );
    expect((await notices()).map((n) => n.keyId).sort()).toEqual([K1, K2].map(actaKeyId).sort());
    // Its supervisor console lists them (the Actas panel's query, as the screen asks it).
    const sup = await cookieAs(one, 'supervisor');
    const attention = await rpc(one, sup, 'query', 'supervisor.actas.attention');
    expect(attention.body.result.data.catdLater).toHaveLength(2);
    // A notice, audited once on station 1's acta, which stays where it was.
    const audited = () =>
      one.services.audit
        .query({ action: 'acta.catdLater' })
        .entries.filter((e) => e.subject === `acta:${oneK1.id}`);
    expect(audited()).toHaveLength(1);
    expect(audited()[0]!.details).toMatchObject({ later: { stationName: 'Estación 2' }, state: oneK1.state });
    expect(one.services.workflow.get(oneK1.id).acta.state).toBe(oneK1.state);
    // The central's view for station 1 keeps repeating them: nothing new is noted.
    const again = await new AcopioEvents(intake.store.db, () => new Date()).view(
      CATD_DISTRICT,
      'CATD-0109-01',
    );
    expect(again.later).toHaveLength(2);
    expect(one.services.workflow.catdLaterLearnt(again.later!)).toEqual([]);
    expect(audited()).toHaveLength(1);
    // Station 2 had none of its keys first.
    expect(two.services.workflow.catdLaterNotices(20)).toEqual([]);
  });

  it('sends to a central that comes back while the station runs, and a key only it has stays received', async () => {
    await intake.close();
    const again = await receiveTyped(two, K3);
    // Its own second copy: the station's own conflict, owed to the central all the same.
    expect(again.outcome).toBe('conflict');
    expect(two.services.workflow.acopioReports.pendingCount()).toBe(1);
    await startCentral();
    await expect
      .poll(() => two.services.workflow.acopioReports.pendingCount(), { timeout: 30_000, interval: 250 })
      .toBe(0);
    const k3 = two.services.workflow.list().actas.filter((a) => a.keyId === actaKeyId(K3));
    expect(k3.map((a) => a.state).sort()).toEqual(['en_conflicto', 'recibida']);
  });
});
