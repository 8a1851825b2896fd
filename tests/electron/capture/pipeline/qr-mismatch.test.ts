// The sheet on the scanner carries another acta's QR: that is a reason on the page (never a
// silent acceptance), resolved by scanning the right sheet or by a supervisor.
import { afterEach, expect, it } from 'vitest';
import { key, operator, receive, supervisor } from '../../workflow/fixture';
import { rig, scanner, sheets } from './fixture';

let sc: ReturnType<typeof scanner> | undefined;
afterEach(async () => sc?.stop());

it('rejects a page whose QR names another acta, until the right sheet is scanned', async () => {
  const r = rig();
  const received = key(3001);
  const other = key(3002);
  sc = scanner(sheets([{ key: other }, { key: received }]));
  const a = receive(r.s, received).acta;
  const first = await r.pipeline.scanActa(a.id, sc, {
    actor: operator,
    version: a.version,
    request: { maxPages: 1 },
  });
  expect(first.kind).toBe('rechazada');
  if (first.kind !== 'rechazada') return;
  expect(first.pages[0]).toMatchObject({
    suitable: false,
    identification: 'mismatch',
    identifiedKeyId: '2024-PRES-09-05-3002-B1',
  });
  expect(first.pages[0]!.reasons).toContainEqual(
    expect.objectContaining({
      code: 'identificationMismatch',
      messageKey: 'workflow.reason.identificationMismatch',
    }),
  );
  const second = await r.pipeline.scanActa(a.id, sc, {
    actor: operator,
    version: first.acta.version,
    request: { maxPages: 1 },
  });
  expect(second.kind).toBe('digitalizada');
});

it('a supervisor may accept the mismatched page; verification then needs the key typed twice', async () => {
  const r = rig();
  const received = key(3003);
  sc = scanner(sheets([{ key: key(3004) }]));
  const a = receive(r.s, received).acta;
  const first = await r.pipeline.scanActa(a.id, sc, {
    actor: operator,
    version: a.version,
    request: { maxPages: 1 },
  });
  if (first.kind !== 'rechazada') throw new Error(first.kind);
  const accepted = r.s.wf.acceptPage(
    {
      actaId: a.id,
      version: first.acta.version,
      pageId: first.pages[0]!.id,
      reason: 'etiqueta QR equivocada',
    },
    supervisor,
  );
  expect(accepted.state).toBe('digitalizada');
  expect(() => r.s.wf.verify({ actaId: a.id, version: accepted.version }, operator)).toThrowError(
    expect.objectContaining({ code: 'identificationRequired' }) as Error,
  );
});
