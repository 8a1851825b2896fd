// A manifest's claim (MANIFEST_LEASE_MS) runs out while its first request is still committing
// (a node stalled, not dead): a second request renews the claim and commits first. The first one
// must then hand back the receipt that stands, not sign and write another over it — a station
// holding receipt A while the central's record says B would be two truths for one acta.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { centralEngines } from '../helpers/central-engines';
import { centralWorld } from '../helpers/central-world';
import { STATION_ID } from '../electron/transmit/fixtures';

const engines = centralEngines();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.each(engines.engines)('on %s', (engine) => {
  engines.use(engine);

  it('a request whose lease ran out mid-commit replays the receipt that stands instead of writing its own', async () => {
    const { intake, side } = await centralWorld(engines, cleanups);
    const st = side(STATION_ID);
    const entry = st.enqueue(st.item(1));
    for (const img of entry.images) {
      const bytes = fs.readFileSync(img.path);
      expect((await intake.store.writeChunk(img.sha256, 0, bytes.length, bytes, STATION_ID)).ok).toBe(true);
    }
    const slow = intake.store.commitManifest(entry.idempotencyKey, entry.signed, 'link', { delayMs: 1_500 });
    // The slow request holds the claim; then its lease runs out (as if 10 s had passed).
    await expect
      .poll(async () =>
        intake.store.db.get(`SELECT 1 FROM manifests WHERE idempotency_key = ? AND state = 'in_flight'`, [
          entry.idempotencyKey,
        ]),
      )
      .toBeDefined();
    await intake.store.db.run('UPDATE manifests SET lease_until = 0 WHERE idempotency_key = ?', [
      entry.idempotencyKey,
    ]);
    const second = await intake.store.commitManifest(entry.idempotencyKey, entry.signed, 'link');
    expect(second.kind).toBe('created');
    const first = await slow;
    expect(first.kind).toBe('replayed');
    const id = (o: typeof first) => (o.kind === 'refused' ? null : o.receipt.receipt.receiptId);
    expect(id(first)).toBe(id(second));
    const rows = await intake.store.db.all<{ receipt_id: string }>(
      'SELECT receipt_id FROM manifests WHERE acta_key = ?',
      [entry.actaKey],
    );
    expect(rows.map((r) => r.receipt_id)).toEqual([id(second)]);
  });
});
