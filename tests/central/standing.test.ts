// Which record stands for a casilla at the central, whatever order the records arrive in, and
// what a hostile (or misconfigured) station cannot do: name another station's record as replaced,
// or add a record of its own to a casilla that already has one.
import { afterEach, describe, expect, it } from 'vitest';
import { centralEngines } from '../helpers/central-engines';
import { centralWorld } from '../helpers/central-world';
import { STATION_ID } from '../electron/transmit/fixtures';

const engines = centralEngines();

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const world = () => centralWorld(engines, cleanups);

const standing = (records: Array<{ record: number; supersededBy: string | null }>) =>
  records.filter((r) => r.supersededBy === null).map((r) => r.record);

describe.each(engines.engines)('on %s', (engine) => {
  engines.use(engine);

  it('a replacement that arrives before the record it replaces still stands alone', async () => {
    const { intake, side } = await world();
    const a = side(STATION_ID);
    const first = a.enqueue(a.item(1));
    const replacement = a.enqueue({
      ...a.item(1),
      record: 2,
      resolution: 'replace',
      supersedes: [first.idempotencyKey],
    });
    // The replacement goes by link; the first comes later on a USB drive carried by hand.
    expect(await a.deliver(replacement)).toMatchObject({ kind: 'delivered' });
    expect(await a.deliver(first)).toMatchObject({ kind: 'delivered' });
    const records = await intake.store.records(first.actaKey);
    expect(records.find((r) => r.record === 1)?.supersededBy).toBe(replacement.idempotencyKey);
    expect(standing(records)).toEqual([2]);
  });

  it('a record kept beside an earlier one may arrive first: the earlier one still stands with it', async () => {
    const { intake, side } = await world();
    const a = side(STATION_ID);
    const first = a.enqueue(a.item(3));
    const beside = a.enqueue({ ...a.item(3), record: 2, resolution: 'keep_both' });
    // The first was held by the supervisor while the second went out (found by the model test).
    expect(await a.deliver(beside)).toMatchObject({ kind: 'delivered' });
    expect(await a.deliver(first)).toMatchObject({ kind: 'delivered' });
    expect(standing(await intake.store.records(first.actaKey)).sort()).toEqual([1, 2]);
    // Another station's first record of the casilla is still a conflict.
    const other = side('CATD-OTRA-02');
    const plain = other.enqueue(other.item(3));
    expect(await other.deliver(plain)).toEqual({ kind: 'permanent', error: 'transmit.error.acta_conflict' });
  });

  it('another station can neither replace this station’s record nor add one beside it', async () => {
    const { intake, side } = await world();
    const a = side(STATION_ID);
    const other = side('CATD-OTRA-02');
    const first = a.enqueue(a.item(7));
    expect(await a.deliver(first)).toMatchObject({ kind: 'delivered' });

    const hijack = other.enqueue({
      ...other.item(7),
      record: 2,
      resolution: 'replace',
      supersedes: [first.idempotencyKey],
    });
    expect(await other.deliver(hijack)).toEqual({ kind: 'permanent', error: 'transmit.error.acta_conflict' });
    const beside = other.enqueue({ ...other.item(7), record: 2, resolution: 'keep_both' });
    expect(await other.deliver(beside)).toEqual({ kind: 'permanent', error: 'transmit.error.acta_conflict' });
    const plain = other.enqueue(other.item(7));
    expect(await other.deliver(plain)).toEqual({ kind: 'permanent', error: 'transmit.error.acta_conflict' });

    expect((await intake.store.records(first.actaKey)).map((r) => [r.stationId, r.supersededBy])).toEqual([
      [STATION_ID, null],
    ]);
  });
});
