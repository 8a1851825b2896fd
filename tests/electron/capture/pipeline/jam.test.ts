// A jam in the middle of a batch ends the scan as a value the operator sees; the pages already
// scanned stay stored with their rows (nothing lost), the acta stays scannable, and the next full
// scan supersedes them.
import { afterEach, expect, it } from 'vitest';
import { key, operator, receive } from '../../workflow/fixture';
import { rig, scanner, sheets } from './fixture';

let sc: ReturnType<typeof scanner> | undefined;
afterEach(async () => sc?.stop());

it('keeps the pages stored before a jam and leaves the acta where it was', async () => {
  const r = rig();
  const k = key(4001);
  sc = scanner(sheets([{ key: k }]), 10, { jamAtPage: 2 });
  const a = receive(r.s, k).acta;
  const jammed = await r.pipeline.scanActa(a.id, sc, {
    actor: operator,
    version: a.version,
    request: { maxPages: 3 },
  });
  expect(jammed).toMatchObject({
    kind: 'fault',
    error: 'scanner.error.jammed',
    scanner: { kind: 'failed', state: 'jammed', pages: 1 },
    acta: { state: 'recibida', scanning: false, pageCount: 0 },
  });
  if (jammed.kind !== 'fault') return;
  expect(jammed.pages).toHaveLength(1);
  expect(await r.blobs.verify(jammed.pages[0]!.sha256)).toBe(true);
  expect(r.s.wf.history(a.id).at(-1)).toMatchObject({
    action: 'acta.scanEnd',
    details: { outcome: 'fault', error: 'scanner.error.jammed' },
  });
  expect(r.events.at(-1)).toMatchObject({ type: 'finished', result: 'fault' });

  sc.clearJam();
  const again = await r.pipeline.scanActa(a.id, sc, {
    actor: operator,
    version: jammed.acta.version,
    request: { maxPages: 1 },
  });
  expect(again.kind).toBe('digitalizada');
  const pages = r.s.wf.get(a.id).pages;
  expect(pages.map((p) => [p.scanNo, p.supersededByScan])).toEqual([
    [1, 2],
    [2, null],
  ]);
});
