// What the central's screens read, on both engines: the catalogue imported district by district,
// a casilla counted once however many of its actas came (never more received than expected),
// out-of-catalogue records apart, the missing entries listed; stations from their heartbeats;
// central operators' passwords, lockout and sessions in the shared database.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCentralCatalogue } from '../../central/catalogue';
import { CENTRAL_LOCKOUT_MS, CentralOperators } from '../../central/operators';
import { PanelData } from '../../central/panel-data';
import { startIntakeServer } from '../../central/server';
import { centralEngines } from '../helpers/central-engines';
import { runNight } from '../helpers/night-load';
import { sendHeartbeat } from '../helpers/station-heartbeat';
import { tempDir } from '../helpers/temp';

const engines = centralEngines();

// CATD 01-01's night (nightActaKey(0, 0..5)): 0001 B1 and 0001 C1, each PRES, SEN and DIP.
const CATALOGUE_01_01 = [
  'entidad,distrito,seccion,tipo,numero,eleccion',
  '01,01,0001,B,1,', // every election: its three actas make one received entry
  '01,01,0001,C,1,PRES',
  '01,01,0001,C,1,SEN', // C1 DIP is not expected: out of catalogue
  '01,01,0002,B,1,', // nothing sent: missing
].join('\n');

describe.each(engines.engines)('the central screens’ data on %s', (engine) => {
  engines.use(engine);

  it('progress against the catalogue, missing entries, stations and their heartbeats', async () => {
    const dataDir = tempDir('catd-panel-');
    const central = await startIntakeServer({ ports: [0], dataDir, ...(await engines.options(dataDir)) });
    try {
      const workDir = tempDir('catd-panel-stations-');
      const night = await runNight({
        catds: 1,
        stationsPerCatd: 2,
        actas: 6,
        spanSeconds: 1,
        heartbeatMs: 60_000,
        imageBytes: 2048,
        pages: 1,
        urls: central.urls,
        workDir,
        centralDir: dataDir,
      });
      expect(night.receipts.size).toBe(6);
      const db = central.store.db;
      expect((await importCentralCatalogue(db, CATALOGUE_01_01)).catds).toEqual(['01-01']);
      // Another district's file leaves 01-01 as it is.
      expect(
        (await importCentralCatalogue(db, 'entidad,distrito,seccion,tipo,numero\n02,01,0001,B,1')).ok,
      ).toBe(true);
      const bad = await importCentralCatalogue(db, 'entidad,distrito,seccion,tipo,numero\n01,01,xx,B,1');
      expect(bad.ok).toBe(false);
      expect(bad.errors[0]).toMatchObject({ line: 2, code: 'seccion' });

      const data = new PanelData(db, dataDir, central.store.now);
      const national = await data.national();
      expect(national).toMatchObject({ expected: 5, received: 3, outOfCatalogue: 1, catalogueLoaded: true });
      expect(national.catds.map((c) => [c.catd, c.expected, c.received, c.stations])).toEqual([
        ['01-01', 4, 3, 2],
        ['02-01', 1, 0, 0],
      ]);
      const catd = await data.catd('01-01');
      expect(catd?.missing).toEqual([{ seccion: '0002', casilla: 'B1', election: null }]);
      expect(await data.catd('31-09')).toBeNull();

      const id = 'CATD-001-01';
      expect(
        await sendHeartbeat(
          central.urls[0]!,
          { id, dir: path.join(workDir, id) },
          {
            queue: { pending: 3, dead: 1, delivered: 2 },
            health: {
              rejections: { scans: 5, byReason: [{ kind: 'gate', reason: 'quality.reason.skew', count: 1 }] },
            },
          },
        ),
      ).toBe(200);
      const row = (await data.stations()).stations.find((s) => s.stationId === id);
      expect(row).toMatchObject({ catd: '01-01', queuePending: 3, queueDead: 1, silent: false });
      expect(await data.national()).toMatchObject({
        scans: 5,
        rejections: [{ kind: 'gate', reason: 'quality.reason.skew', count: 1 }],
      });
      // Two minutes and a second on, by the central's clock: silent.
      central.setClockSkew(121_000);
      expect((await data.stations()).stations.find((s) => s.stationId === id)?.silent).toBe(true);
    } finally {
      await central.close();
    }
  });

  it('central operators: hashed passwords, five wrong lock the id, sessions any node honours', async () => {
    const dataDir = tempDir('catd-panel-ops-');
    const central = await startIntakeServer({ ports: [0], dataDir, ...(await engines.options(dataDir)) });
    let skew = 0;
    const now = () => new Date(Date.now() + skew);
    try {
      const ops = new CentralOperators(central.store.db, now);
      await expect(ops.add('Ana', 'Ana', 'larga-suficiente')).rejects.toThrow(/clave de operador/);
      await expect(ops.add('ana', 'Ana', 'corta')).rejects.toThrow(/8 a 128/);
      await ops.add('ana', 'Ana López', 'larga-suficiente');
      const stored = await central.store.db.get<{ pin_hash: string }>(
        'SELECT pin_hash FROM central_operators WHERE operator_id = ?',
        ['ana'],
      );
      expect(stored?.pin_hash).not.toContain('larga');
      for (let i = 0; i < 4; i++)
        expect(await ops.signIn('ana', 'equivocada')).toEqual({ ok: false, error: 'wrong' });
      expect(await ops.signIn('ana', 'equivocada')).toMatchObject({ ok: false, error: 'locked' });
      expect(await ops.signIn('ana', 'larga-suficiente')).toMatchObject({ ok: false, error: 'locked' });
      skew = CENTRAL_LOCKOUT_MS + 1;
      const ok = await ops.signIn('ana', 'larga-suficiente');
      expect(ok.ok).toBe(true);
      if (!ok.ok) return;
      // Another node on the same database (a second CentralOperators) knows the session.
      const other = new CentralOperators(central.store.db, now);
      expect(await other.session(ok.token)).toEqual({ operatorId: 'ana', name: 'Ana López' });
      await other.signOut(ok.token);
      expect(await ops.session(ok.token)).toBeNull();
    } finally {
      await central.close();
    }
  });
});
