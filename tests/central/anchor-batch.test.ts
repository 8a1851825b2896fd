// A manifest's audit anchor is written in a batch beside its claim (central/anchors.ts): when the
// database refuses the anchor, the manifest is not receipted without it and its key is given
// back at once, so the station's next try commits it (not 10 s later, when a lease runs out).
import { afterEach, describe, expect, it } from 'vitest';
import { STATION_ID } from '../electron/transmit/fixtures';
import { centralEngines } from '../helpers/central-engines';
import { centralWorld } from '../helpers/central-world';

const engines = centralEngines();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.each(engines.engines)('a manifest whose anchor fails, on %s', (engine) => {
  engines.use(engine);

  it('is not receipted, and goes through on the next try with its anchor', async () => {
    const { intake, side } = await centralWorld(engines, cleanups);
    const db = intake.store.db;
    const a = side(STATION_ID);
    a.enqueue(a.item(0)); // its audit entry is the head the next manifest signs
    const e = a.enqueue(a.item(1));
    expect(e.signed.manifest.auditHead.seq).toBeGreaterThan(0);
    await db.run('ALTER TABLE audit_anchors RENAME TO audit_anchors_away');
    const refused = await a.deliver(e);
    await db.run('ALTER TABLE audit_anchors_away RENAME TO audit_anchors');
    expect(refused.kind).not.toBe('delivered');
    expect(await intake.store.records(e.actaKey)).toEqual([]);
    const t0 = Date.now();
    expect(await a.deliver(e)).toMatchObject({ kind: 'delivered', replayed: false });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await db.all('SELECT seq, source FROM audit_anchors WHERE station_id = ?', [STATION_ID])).toEqual([
      { seq: e.signed.manifest.auditHead.seq, source: 'manifest' },
    ]);
  });
});
