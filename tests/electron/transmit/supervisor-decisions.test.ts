// A supervisor's decisions, end to end: a real core (simulated scanner) and a real central, driven
// over the renderer's RPC. What is asserted is what people see at both ends: the acta acusada at
// the station, and at the central which record stands for the casilla. This is the scenario that
// once left a replacement "En cola" for ever (the outbox was looked up by key, found the first
// record delivered, and never sent the second).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStation, type TestStation } from '../../helpers/core';
import { cookieAs } from '../../helpers/procedures';
import { ActaFlow } from '../../helpers/acta-flow';
import { formatActaKeyLabel } from '../../../shared/acta-key';
import { spawnSync } from 'node:child_process';

let st: TestStation;
let flow: ActaFlow;
let casilla = 0;
/** A fresh casilla per test: the station and the central are shared by the file. */
const nextKey = () =>
  formatActaKeyLabel({
    year: 2024,
    election: 'PRES',
    entidad: '09',
    distrito: '05',
    seccion: String(2001 + casilla++),
    casillaType: 'B',
    casillaNumber: 1,
  });

beforeAll(async () => {
  st = await startTestStation({ enrolled: true });
  flow = new ActaFlow(st.core, await cookieAs(st.core, 'operador'), await cookieAs(st.core, 'supervisor'));
}, 60_000);
afterAll(async () => {
  await st?.stop();
});

const standing = async (keyId: string) =>
  (await st.intake.store.records(keyId)).filter((r) => r.supersededBy === null).map((r) => r.record);

async function acknowledged(keyLabel: string) {
  const a = await flow.receive(keyLabel);
  await flow.queue(a.id);
  return flow.until(a.id, 'acusada');
}

describe('a supervisor decision reaches the central', () => {
  it('replace after the first was acknowledged: the replacement is acknowledged and stands alone', async () => {
    const key = nextKey();
    const first = await acknowledged(key);
    expect(await standing(first.keyId)).toEqual([1]);

    const second = await flow.receive(key);
    expect(second.state).toBe('en_conflicto');
    await flow.resolve(second.id, 'replace');
    await flow.queue(second.id);
    await flow.until(second.id, 'acusada');

    const records = await st.intake.store.records(first.keyId);
    expect(records.map((r) => [r.record, r.resolution])).toEqual([
      [1, null],
      [2, 'replace'],
    ]);
    expect(records[0]!.supersededBy).toBe(records[1]!.idempotencyKey);
    expect(await standing(first.keyId)).toEqual([2]);
    // The central's supervisor sees the same with `catd central actas`.
    const cli = spawnSync(
      process.execPath,
      ['bin/catd.mjs', 'central', 'actas', '--data', st.intake.dataDir, '--key', first.keyId],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(cli.stdout).toContain(`${first.keyId}: vigente registro 2`);
    expect(cli.stdout).toMatch(/registro 1 · .* reemplazado por /);
    // The first stays acusada: what the central received once is not undone at the station.
    expect((await flow.get(first.id)).state).toBe('acusada');
    // The queue screen shows the replacement delivered, not the first record's old attempt.
    const list = await flow.op('query', 'actas.list', { search: key, limit: 10 });
    const row = list.actas.find((x: { id: number }) => x.id === second.id);
    expect(row.transmission).toMatchObject({ state: 'delivered' });
    // The audit tells the whole story of the replacement.
    const story = st.core.services.audit
      .query({ text: `acta:${second.id}`, limit: 50 })
      .entries.map((e) => e.action);
    expect(story).toEqual(
      expect.arrayContaining(['acta.conflict', 'acta.resolveConflict', 'acta.verify', 'acta.acknowledge']),
    );
  });

  it('keep both: both records are acknowledged and both stand', async () => {
    const key = nextKey();
    const first = await acknowledged(key);
    const second = await flow.receive(key);
    await flow.resolve(second.id, 'keep_both');
    await flow.queue(second.id);
    await flow.until(second.id, 'acusada');
    expect(await standing(first.keyId)).toEqual([1, 2]);
    expect((await st.intake.store.records(first.keyId)).map((r) => r.resolution)).toEqual([
      null,
      'keep_both',
    ]);
  });

  it('replace while the first is held in the queue: the first is never sent, the replacement stands', async () => {
    const key = nextKey();
    const first = await flow.receive(key);
    await flow.supervise('hold', first.id).catch(() => {}); // not queued yet: refused, fine
    await flow.digitise(first.id);
    const queued = await flow.queue(first.id);
    await flow.supervise('hold', queued.id).catch(() => {}); // may already be on its way
    const second = await flow.receive(key);
    await flow.resolve(second.id, 'replace');
    await flow.queue(second.id);
    await flow.until(second.id, 'acusada');
    expect(await standing(first.keyId)).toEqual([2]);
    expect(st.core.services.actaTransmission.reconcile().alarms).toEqual([]);
  });

  it('replace after the first was annulled, then a replacement of the replacement: one record stands', async () => {
    const key = nextKey();
    const first = await acknowledged(key);
    const second = await flow.receive(key);
    await flow.supervise('annul', second.id); // the conflicting arrival is annulled first
    const third = await flow.receive(key);
    await flow.resolve(third.id, 'replace');
    await flow.queue(third.id);
    await flow.until(third.id, 'acusada');
    const fourth = await flow.receive(key);
    await flow.resolve(fourth.id, 'replace');
    await flow.queue(fourth.id);
    await flow.until(fourth.id, 'acusada');
    expect(await standing(first.keyId)).toEqual([3]);
    const records = await st.intake.store.records(first.keyId);
    expect(records.map((r) => r.record)).toEqual([1, 2, 3]);
    expect(st.core.services.actaTransmission.reconcile().alarms).toEqual([]);
  });
});
