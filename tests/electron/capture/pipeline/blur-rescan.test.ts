// A blurred sheet is rejected with the reason the operator can act on; the rescan is accepted,
// and the blurred image is kept, linked as superseded by the rescan.
import { afterEach, expect, it } from 'vitest';
import { key, operator, receive } from '../../workflow/fixture';
import { rig, scanner, sheets } from './fixture';

let sc: ReturnType<typeof scanner> | undefined;
afterEach(async () => sc?.stop());

it('rejects a blurred page, accepts the rescan, keeps the old image as superseded', async () => {
  const r = rig();
  const k = key(2001);
  sc = scanner(sheets([{ key: k, defect: { kind: 'blur', sigma: 4 } }, { key: k }]));
  const a = receive(r.s, k).acta;
  const first = await r.pipeline.scanActa(a.id, sc, {
    actor: operator,
    version: a.version,
    request: { maxPages: 1 },
  });
  expect(first.kind).toBe('rechazada');
  if (first.kind !== 'rechazada') return;
  const blurred = first.pages[0]!;
  expect(blurred.suitable).toBe(false);
  expect(blurred.reasons.filter((x) => x.severity === 'reject').map((x) => x.messageKey)).toContain(
    'quality.reason.blur',
  );
  expect(first.acta).toMatchObject({ state: 'rechazada', rejection: { reason: 'workflow.rejection.pages' } });
  // Verifying a rejected acta is refused.
  expect(() => r.s.wf.verify({ actaId: a.id, version: first.acta.version }, operator)).toThrowError(
    expect.objectContaining({ code: 'illegalTransition' }) as Error,
  );

  const second = await r.pipeline.scanActa(a.id, sc, {
    actor: operator,
    version: first.acta.version,
    request: { maxPages: 1 },
  });
  expect(second.kind).toBe('digitalizada');
  if (second.kind !== 'digitalizada') return;
  const good = second.pages[0]!;
  expect(good).toMatchObject({ scanNo: 2, suitable: true, identification: 'match' });
  const detail = r.s.wf.get(a.id);
  expect(detail.pages.map((p) => [p.sha256, p.scanNo, p.supersededByScan, p.supersededByPage])).toEqual([
    [blurred.sha256, 1, 2, good.id],
    [good.sha256, 2, null, null],
  ]);
  expect(detail.acta.pageCount).toBe(1);
  expect(await r.blobs.verify(blurred.sha256)).toBe(true); // the old image is still there, intact
  // Only the rescan goes to the central.
  r.s.wf.verify({ actaId: a.id, version: second.acta.version }, operator);
  expect(r.s.wf.transmissionItem(a.id).images.map((i) => i.sha256)).toEqual([good.sha256]);
});
