// Issue #18, "the CATD as a whole": the central keeps each station's acopio and tells a station of
// the same CATD that a key was already received elsewhere, and by whom and when; it counts the
// CATD for the Tablero. A station reads and fills only the CATD the central enrolled it in; an
// unsigned or forged request, or a training station, gets nothing. On both storage engines.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startIntakeServer, type IntakeServer } from '../../central/server';
import { AcopioEvents } from '../../central/catd-view';
import { enrolStationCatd, stationCatd } from '../../central/keys';
import { LinkClient } from '../../electron/transmit/http-client';
import { RequestSigner } from '../../electron/transmit/request-signer';
import { ClockOffsetMeter } from '../../electron/transmit/clock-offset';
import { CatdPeer } from '../../electron/transmit/catd-peer';
import { systemClock } from '../../electron/platform/clock';
import { generateKeyPair } from '../../electron/platform/signing';
import { createMemoryLogger } from '../../electron/platform/logger';
import { CATD_ACOPIO_PATH, CATD_VIEW_PATH } from '../../shared/catd-view';
import { tempDir } from '../helpers/temp';
import { centralEngines } from '../helpers/central-engines';
import { actaKeyFor, openStationSide } from '../electron/transmit/fixtures';

const engines = centralEngines();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** actaKeyFor() keys are of distrito 09-05. */
const CATD = '09-05';
const K = actaKeyFor(1);
const at = (hhmm: string) => ({ utc: `2024-06-03T${hhmm}:00.000Z`, offsetMinutes: -360 });

async function central(): Promise<{ intake: IntakeServer; dir: string }> {
  const dir = tempDir('catd-central-');
  const intake = await startIntakeServer({ ports: [0], dataDir: dir, ...(await engines.options(dir)) });
  cleanups.push(() => intake.close());
  return { intake, dir };
}

/** A station enrolled at the central (in `catd`, if given) with its CatdPeer over a real link. */
function station(c: { intake: IntakeServer; dir: string }, id: string, name: string, catd?: string) {
  const side = openStationSide(tempDir('catd-station-'), c.dir, systemClock, id);
  if (catd) enrolStationCatd(c.dir, id, catd);
  const client = new LinkClient({ url: c.intake.urls[0]!, maxConcurrency: 1 }, side.signer);
  cleanups.push(
    () => side.close(),
    () => client.close(),
  );
  const log = createMemoryLogger();
  return { side, client, log, peer: new CatdPeer(() => client, name, log) };
}

/** A raw POST with whatever headers a test forges. */
function post(url: string, path: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; body: { error?: string } }>((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString() || '{}') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(engines.engines)('on %s', (engine) => {
  engines.use(engine);

  it('tells the second station of the CATD who received the key first, and when', async () => {
    const c = await central();
    const one = station(c, 'CATD-0905-01', 'Estación 1', CATD);
    const two = station(c, 'CATD-0905-02', 'Estación 2', CATD);
    const first = await one.peer.reportAcopio(K, at('03:14'));
    expect(first).toEqual({ online: true, earlier: [] });
    const second = await two.peer.reportAcopio(K, at('03:20'));
    expect(second).toEqual({
      online: true,
      earlier: [
        {
          stationId: 'CATD-0905-01',
          stationName: 'Estación 1',
          receivedAt: at('03:14').utc,
          offsetMinutes: -360,
        },
      ],
    });
    // Station 1 asking again (its own second copy) hears of no earlier station: 2 came after it.
    expect(await one.peer.reportAcopio(K, at('03:30'))).toEqual({ online: true, earlier: [] });
    expect(two.log.lines.some((l) => l.event === 'catd-acopio-elsewhere')).toBe(true);

    const view = await two.peer.view();
    expect(view.online).toBe(true);
    if (!view.online) return;
    // One key, counted once however many stations received it.
    expect(view.view.received).toEqual([K]);
    expect(view.view.stations.map((s) => [s.stationName, s.received])).toEqual([
      ['Estación 1', 1],
      ['Estación 2', 1],
    ]);
  });

  it('keeps a station of another CATD, or of none, out of this CATD', async () => {
    const c = await central();
    const here = station(c, 'CATD-0905-01', 'Estación 1', CATD);
    const there = station(c, 'CATD-0906-01', 'Estación de otro CATD', '09-06');
    const nowhere = station(c, 'CATD-XXXX-01', 'Sin CATD');
    await here.peer.reportAcopio(K, at('03:14'));
    // It cannot learn of (nor add to) this CATD's acopio by naming one of its keys…
    expect(await there.peer.reportAcopio(K, at('03:20'))).toEqual({ online: false, reason: 'other_catd' });
    // …and its view is its own CATD's, where nothing was received.
    const view = await there.peer.view();
    expect(view.online && view.view).toMatchObject({ catd: '09-06', received: [], stations: [] });
    expect(await nowhere.peer.reportAcopio(K, at('03:20'))).toEqual({ online: false, reason: 'no_catd' });
    expect(await nowhere.peer.view()).toEqual({ online: false, reason: 'no_catd' });
    // Nothing of theirs reached the CATD's records.
    const mine = await here.peer.view();
    expect(mine.online && mine.view.stations.map((s) => s.stationId)).toEqual(['CATD-0905-01']);
  });

  it('refuses an unsigned request, a forged signature and a training station', async () => {
    const c = await central();
    const one = station(c, 'CATD-0905-01', 'Estación 1', CATD);
    await one.peer.reportAcopio(K, at('03:14'));
    const url = c.intake.urls[0]!;
    const body = JSON.stringify({
      actaKey: K,
      stationName: 'X',
      receivedAt: at('03:20').utc,
      offsetMinutes: 0,
    });
    const unsigned = await post(url, CATD_ACOPIO_PATH, { 'x-catd-station': 'CATD-0905-01' }, body);
    expect(unsigned.status).toBe(401);
    // Signed by a key that is not the enrolled one, under the enrolled station's id.
    const forger = new RequestSigner(generateKeyPair(), 'CATD-0905-01', systemClock, new ClockOffsetMeter());
    const forged = await post(url, CATD_VIEW_PATH, forger.headers('POST', CATD_VIEW_PATH, undefined), '');
    expect(forged).toEqual({ status: 403, body: { error: 'request_signature' } });
    // The enrolled key, but marked training: a real central keeps it out.
    const trainee = new RequestSigner(
      one.side.key,
      'CATD-0905-01',
      systemClock,
      new ClockOffsetMeter(),
      true,
    );
    const training = await post(url, CATD_VIEW_PATH, trainee.headers('POST', CATD_VIEW_PATH, undefined), '');
    expect(training).toEqual({ status: 403, body: { error: 'purpose_mismatch' } });
    // A signed body that is not an acopio event is refused, and nothing was recorded from any of these.
    const junk = Buffer.from(JSON.stringify({ actaKey: K }));
    const refused = await one.client.request('POST', CATD_ACOPIO_PATH, { body: junk });
    expect(refused.ok && refused.value.status).toBe(400);
    const view = await one.peer.view();
    expect(view.online && view.view.stations).toEqual([
      { stationId: 'CATD-0905-01', stationName: 'Estación 1', received: 1 },
    ]);
  });

  it('answers "offline" when the central does not answer in time, or no link is up', async () => {
    const c = await central();
    const one = station(c, 'CATD-0905-01', 'Estación 1', CATD);
    c.intake.setFault('hang');
    expect(await one.peer.reportAcopio(K, at('03:14'))).toEqual({ online: false, reason: 'timeout' });
    expect(one.log.lines.some((l) => l.event === 'catd-acopio-offline')).toBe(true);
    const noLink = new CatdPeer(() => null, 'Estación 1', createMemoryLogger());
    expect(await noLink.reportAcopio(K, at('03:14'))).toEqual({ online: false, reason: 'no_link' });
  });

  it('stores acopio events: one per station and key, the CATD counted by key', async () => {
    const c = await central();
    // The central's clock moves a second per record: which acopio came first is never a tie here.
    let tick = Date.parse('2024-06-03T03:00:00Z');
    const events = new AcopioEvents(c.intake.store.db, () => new Date((tick += 1_000)));
    const ev = (key: string, name: string) => ({
      actaKey: key,
      stationName: name,
      receivedAt: at('03:14').utc,
      offsetMinutes: -360,
    });
    expect(await events.record('CATD-0905-01', CATD, ev(K, 'Estación 1'))).toEqual([]);
    expect(await events.record('CATD-0905-01', CATD, ev(K, 'Estación 1'))).toEqual([]);
    expect(await events.record('CATD-0905-02', CATD, ev(K, 'Estación 2'))).toHaveLength(1);
    await events.record('CATD-0905-02', CATD, ev(actaKeyFor(2), 'Estación 2'));
    await events.record('CATD-0906-01', '09-06', ev('2024-PRES-09-06-0001-B1', 'Otra'));
    const view = await events.view(CATD, 'CATD-0905-01');
    expect(view.received).toEqual([K, actaKeyFor(2)].sort());
    expect(view.stations.map((s) => s.received)).toEqual([1, 2]);
    expect(view.acknowledged).toEqual([]);
    // Station 1 had K first: its view says station 2 received K after it, and nothing else.
    expect(view.later).toEqual([
      {
        actaKey: K,
        stationId: 'CATD-0905-02',
        stationName: 'Estación 2',
        receivedAt: at('03:14').utc,
        offsetMinutes: -360,
      },
    ]);
    // Station 2 was the later one: nothing came after it.
    expect((await events.view(CATD, 'CATD-0905-02')).later).toEqual([]);
  });
});

it('enrols a station only in a CATD named entidad-distrito', () => {
  const dir = tempDir('catd-central-');
  expect(() => enrolStationCatd(dir, 'CATD-0905-01', '9-5')).toThrow(/CATD inválido/);
  expect(() => enrolStationCatd(dir, 'estación 1', CATD)).toThrow(/identificador inválido/);
  enrolStationCatd(dir, 'CATD-0905-01', CATD);
  expect(stationCatd(dir, 'CATD-0905-01')).toBe(CATD);
  expect(stationCatd(dir, 'CATD-0905-02')).toBeNull();
});
