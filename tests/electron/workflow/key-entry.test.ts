// Identification typed by hand is entered twice and must match; a key that does not parse is
// refused with the field that is wrong; a page whose QR could not be read needs the key typed
// twice at verification, and it must be this acta's key.
import { expect, it } from 'vitest';
import { WorkflowError } from '../../../electron/workflow';
import { digitise, key, label, operator, receive, station } from './fixture';

function refusal(fn: () => unknown): WorkflowError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WorkflowError) return err;
    throw err;
  }
  throw new Error('expected a WorkflowError');
}

it('refuses a typed key whose two entries differ, and one typed only once', () => {
  const s = station();
  const e = refusal(() =>
    s.wf.receive({ keyText: label(key(1234)), keyConfirm: label(key(1235)), source: 'typed' }, operator),
  );
  expect(e).toMatchObject({ code: 'keyMismatch', messageKey: 'workflow.error.keyMismatch' });
  expect(refusal(() => s.wf.receive({ keyText: label(key(1234)), source: 'typed' }, operator)).code).toBe(
    'keyConfirmMissing',
  );
  expect(s.wf.list().total).toBe(0);
  // Same key, typed twice (case and spaces do not matter): received.
  const ok = s.wf.receive(
    { keyText: ` ${label(key(1234)).toLowerCase()}`, keyConfirm: label(key(1234)), source: 'typed' },
    operator,
  );
  expect(ok.acta).toMatchObject({ state: 'recibida', keySource: 'typed', keyId: '2024-PRES-09-05-1234-B1' });
});

it('names what is wrong with a key that does not parse', () => {
  const s = station();
  const bad = label(key(1234)).replace(/\|\d$/, (m) => `|${(Number(m.slice(1)) + 1) % 10}`);
  expect(refusal(() => s.wf.receive({ keyText: bad, source: 'reader' }, operator))).toMatchObject({
    code: 'keyInvalid',
    messageKey: 'actaKey.error.checkDigit',
  });
  expect(refusal(() => s.wf.receive({ keyText: 'hola', source: 'reader' }, operator)).messageKey).toBe(
    'actaKey.error.fields',
  );
});

it('asks for the key twice at verification when no QR identified the acta, and checks it', () => {
  const s = station();
  const a = receive(s, key(1234)).acta;
  const d = digitise(s, a.id, [{ suitable: true, identification: 'unreadable' }]);
  const v = d.acta.version;
  expect(refusal(() => s.wf.verify({ actaId: a.id, version: v }, operator))).toMatchObject({
    code: 'identificationRequired',
    extra: { state: 'digitalizada' },
  });
  expect(
    refusal(() =>
      s.wf.verify(
        { actaId: a.id, version: v, typedKey: { text: label(key(1234)), confirm: label(key(1243)) } },
        operator,
      ),
    ).code,
  ).toBe('keyMismatch');
  // Typed consistently, but it is another acta's key.
  expect(
    refusal(() =>
      s.wf.verify(
        { actaId: a.id, version: v, typedKey: { text: label(key(4321)), confirm: label(key(4321)) } },
        operator,
      ),
    ).code,
  ).toBe('identificationMismatch');
  expect(s.wf.find(a.id)).toMatchObject({ state: 'digitalizada', version: v });
  const ok = s.wf.verify(
    { actaId: a.id, version: v, typedKey: { text: label(key(1234)), confirm: label(key(1234)) } },
    operator,
  );
  expect(ok.state).toBe('en_cola');
  expect(s.wf.history(a.id).find((h) => h.action === 'acta.verify')?.details).toMatchObject({
    identifiedBy: 'typed',
  });
});
