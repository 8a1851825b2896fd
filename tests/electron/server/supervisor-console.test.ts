// The supervisor console's procedures over real HTTP against a real core: an operator's session
// alone is refused (403) by the core; the same operator's session lifted by the supervisor's id +
// PIN works, and every change is audited with the supervisor as actor, the operator whose screen
// it was and the reason; bad input is a 400 with a message key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpc, sessionCookie, startTestStation, type TestStation } from '../../helpers/core';
import { formatActaKeyLabel, type ActaKey } from '../../../shared/acta-key';
import type { WorkflowActor } from '../../../electron/workflow';
import { verifyAuditExport } from '../../../electron/security/audit-export';
import { verifyBytes } from '../../../electron/platform/signing';
import { MAX_FAILED_LOGINS } from '../../../electron/security/operators';

let st: TestStation;
let opCookie: string;
let elevated: string;
const operatorActor: WorkflowActor = { id: 'operador1', role: 'operador' };
const REASON = 'revisado en la mesa con el funcionario';
const folders: string[] = [];

function account(role: 'operador' | 'supervisor') {
  return st.core.demoAccounts!.find((a) => a.role === role)!;
}

async function login(role: 'operador' | 'supervisor', elevate = false): Promise<string> {
  const cookie = await sessionCookie(st.core);
  const who = account(role);
  expect(
    (await rpc(st.core, cookie, 'mutation', 'session.login', { operatorId: who.id, pin: who.pin })).status,
  ).toBe(200);
  if (elevate) {
    const sup = account('supervisor');
    const r = await rpc(st.core, cookie, 'mutation', 'session.elevate', {
      supervisorId: sup.id,
      pin: sup.pin,
    });
    expect(r.status).toBe(200);
  }
  return cookie;
}

const wf = () => st.core.services.workflow;

let seccion = 100;
function nextKey(): ActaKey {
  seccion++;
  return {
    year: 2024,
    election: 'PRES',
    entidad: '09',
    distrito: '05',
    seccion: String(seccion).padStart(4, '0'),
    casillaType: 'B',
    casillaNumber: 1,
  };
}

function receive(k: ActaKey = nextKey()) {
  return wf().receive({ keyText: formatActaKeyLabel(k), source: 'reader' }, operatorActor);
}

let fakeHash = 0;
/** Digitises without a scanner, as the pipeline records pages (the gate verdict given). */
function digitise(actaId: number, suitable: boolean[]) {
  const a = wf().find(actaId)!;
  const { scanNo, acta } = wf().beginScan(actaId, a.version, operatorActor);
  suitable.forEach((ok, i) => {
    fakeHash++;
    wf().recordPage(actaId, scanNo, {
      position: i + 1,
      sha256: fakeHash.toString(16).padStart(64, 'a'),
      size: 1000,
      format: 'png',
      preview: null,
      scannedAt: { utc: new Date().toISOString(), offsetMinutes: -360 },
      suitable: ok,
      reasons: ok ? [] : [{ code: 'blur', severity: 'reject', messageKey: 'quality.reason.blur' }],
      identification: 'match',
      identifiedKeyId: acta.keyId,
    });
  });
  return wf().finishScan(actaId, scanNo, acta.version, { kind: 'completed' }, operatorActor);
}

function lastAudit(action: string) {
  const r = st.core.services.audit.query({ action, limit: 1 });
  return r.entries[0];
}

/** Stands for a USB stick: the one folder (besides its own) this station's config allows. */
const usbRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-usb-'));
folders.push(usbRoot);

function tempFolder(): string {
  return fs.mkdtempSync(path.join(usbRoot, 'dir-'));
}

beforeAll(async () => {
  st = await startTestStation({ config: { files: { roots: [usbRoot], removable: false } } });
  opCookie = await login('operador');
  elevated = await login('operador', true);
});
afterAll(async () => {
  await st.stop();
  for (const d of folders) fs.rmSync(d, { recursive: true, force: true });
});

describe('an operator session alone', () => {
  const calls: Array<[kind: 'query' | 'mutation', path: string, input: unknown]> = [
    ['query', 'supervisor.actas.attention', undefined],
    ['mutation', 'supervisor.actas.annul', { actaId: 1, version: 1, reason: REASON }],
    ['mutation', 'supervisor.actas.acceptPage', { actaId: 1, version: 1, pageId: 1, reason: REASON }],
    [
      'mutation',
      'supervisor.actas.resolveConflict',
      { actaId: 1, version: 1, resolution: 'keep_both', reason: REASON },
    ],
    ['mutation', 'supervisor.actas.hold', { actaId: 1, version: 1, reason: REASON }],
    ['mutation', 'supervisor.actas.release', { actaId: 1, version: 1, reason: REASON }],
    ['mutation', 'supervisor.actas.acceptOutOfCatalogue', { actaId: 1, version: 1, reason: REASON }],
    ['mutation', 'supervisor.transmission.requeue', { outboxId: 1, reason: REASON }],
    [
      'mutation',
      'supervisor.catalogue.load',
      { csv: 'entidad,distrito,seccion,tipo,numero\n9,5,1,B,1', reason: REASON },
    ],
    [
      'mutation',
      'supervisor.operators.create',
      { id: 'intruso', name: 'X', role: 'supervisor', pin: '1234', pinConfirm: '1234', reason: REASON },
    ],
    ['mutation', 'supervisor.operators.disable', { id: 'supervisor1', reason: REASON }],
    [
      'mutation',
      'supervisor.operators.resetPin',
      { id: 'supervisor1', pin: '1234', pinConfirm: '1234', reason: REASON },
    ],
    ['query', 'supervisor.audit.query', {}],
    ['mutation', 'supervisor.audit.export', { folder: os.tmpdir(), reason: REASON }],
  ];
  it.each(calls)('%s %s is refused with 403 and changes nothing', async (kind, proc, input) => {
    const before = st.core.services.audit.query({ limit: 1 }).total;
    const r = await rpc(st.core, opCookie, kind, proc, input);
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('auth.error.supervisorOnly');
    expect(st.core.services.operators.get('intruso')).toBeUndefined();
    expect(st.core.services.operators.get('supervisor1')).toBeDefined();
    expect(st.core.services.audit.query({ limit: 1 }).total).toBe(before);
  });
});

describe('acta overrides, elevated', () => {
  it('accepts a page the gate rejected, audited with supervisor, operator and reason', async () => {
    const a = receive().acta;
    const d = digitise(a.id, [true, false]);
    expect(d.acta.state).toBe('rechazada');
    const att = await rpc(st.core, elevated, 'query', 'supervisor.actas.attention');
    expect(att.body.result.data.actas.map((x: { id: number }) => x.id)).toContain(a.id);
    const bad = d.pages[1]!.id;
    const short = await rpc(st.core, elevated, 'mutation', 'supervisor.actas.acceptPage', {
      actaId: a.id,
      version: d.acta.version,
      pageId: bad,
      reason: 'ok',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toBe('supervisor.error.reasonShort');
    const r = await rpc(st.core, elevated, 'mutation', 'supervisor.actas.acceptPage', {
      actaId: a.id,
      version: d.acta.version,
      pageId: bad,
      reason: REASON,
    });
    expect(r.status).toBe(200);
    expect(r.body.result.data.state).toBe('digitalizada');
    expect(lastAudit('console.acceptPage')).toMatchObject({
      actor: 'supervisor1',
      subject: `acta:${a.id}`,
      details: { operator: 'operador1', reason: REASON, pageId: bad },
    });
    expect(lastAudit('acta.acceptPage')).toMatchObject({ actor: 'supervisor1', details: { reason: REASON } });
  });

  it('resolves a conflict (keep both) and refuses an unknown resolution', async () => {
    const k = nextKey();
    receive(k);
    const second = receive(k);
    expect(second.outcome).toBe('conflict');
    const bad = await rpc(st.core, elevated, 'mutation', 'supervisor.actas.resolveConflict', {
      actaId: second.acta.id,
      version: second.acta.version,
      resolution: 'overwrite',
      reason: REASON,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
    const r = await rpc(st.core, elevated, 'mutation', 'supervisor.actas.resolveConflict', {
      actaId: second.acta.id,
      version: second.acta.version,
      resolution: 'keep_both',
      reason: REASON,
    });
    expect(r.status).toBe(200);
    expect(r.body.result.data.acta.state).toBe('recibida');
    expect(lastAudit('console.resolveConflict')).toMatchObject({
      actor: 'supervisor1',
      details: { operator: 'operador1', resolution: 'keep_both', reason: REASON },
    });
  });

  it('annuls an acta; a stale version is a 409 with the workflow message key', async () => {
    const a = receive().acta;
    const r = await rpc(st.core, elevated, 'mutation', 'supervisor.actas.annul', {
      actaId: a.id,
      version: a.version,
      reason: REASON,
    });
    expect(r.status).toBe(200);
    expect(r.body.result.data.state).toBe('anulada');
    expect(lastAudit('console.annul')).toMatchObject({
      actor: 'supervisor1',
      details: { operator: 'operador1' },
    });
    // The console's Bitácora gets it in words: the supervisor's name, the acta's key, the reason.
    const shown = await rpc(st.core, elevated, 'query', 'supervisor.audit.query', {
      action: 'console.annul',
      limit: 1,
    });
    expect(shown.body.result.data.entries[0]).toMatchObject({
      actor: 'supervisor1',
      actorName: expect.any(String),
      actaKey: a.display,
      reason: REASON,
      operator: 'operador1',
    });
    const again = await rpc(st.core, elevated, 'mutation', 'supervisor.actas.annul', {
      actaId: a.id,
      version: a.version,
      reason: REASON,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('workflow.error.staleVersion');
  });

  it('holds and releases a queued acta', async () => {
    const a = receive().acta;
    const d = digitise(a.id, [true]);
    const v = wf().verify({ actaId: a.id, version: d.acta.version }, operatorActor);
    expect(v.state).toBe('en_cola');
    const held = await rpc(st.core, elevated, 'mutation', 'supervisor.actas.hold', {
      actaId: a.id,
      version: v.version,
      reason: REASON,
    });
    expect(held.status).toBe(200);
    expect(held.body.result.data.held).toBe(true);
    const att = await rpc(st.core, elevated, 'query', 'supervisor.actas.attention');
    expect(att.body.result.data.actas.map((x: { id: number }) => x.id)).toContain(a.id);
    const released = await rpc(st.core, elevated, 'mutation', 'supervisor.actas.release', {
      actaId: a.id,
      version: held.body.result.data.version,
      reason: REASON,
    });
    expect(released.status).toBe(200);
    expect(released.body.result.data.held).toBe(false);
    expect(lastAudit('console.release')).toMatchObject({
      actor: 'supervisor1',
      details: { operator: 'operador1' },
    });
  });

  it('loads a catalogue (per-line errors first), then accepts an out-of-catalogue key', async () => {
    const header = 'entidad,distrito,seccion,tipo,numero';
    const bad = await rpc(st.core, elevated, 'mutation', 'supervisor.catalogue.load', {
      csv: `${header}\n9,5,1,B,1\n9,5,X,B,1\n9,5,2,Q,1\n`,
      reason: REASON,
    });
    expect(bad.status).toBe(200);
    expect(bad.body.result.data).toMatchObject({
      ok: false,
      errorCount: 2,
      errors: [
        { line: 3, code: 'seccion' },
        { line: 4, code: 'tipo' },
      ],
    });
    expect(wf().catalogue.info()).toBeNull();
    expect(lastAudit('console.catalogueLoad')).toMatchObject({
      actor: 'supervisor1',
      details: { outcome: 'refused', errorLines: [3, 4], operator: 'operador1' },
    });
    const file = path.join(tempFolder(), 'catalogo.csv');
    fs.writeFileSync(file, `${header}\n9,5,1,B,1\n9,5,2,B,1\n`);
    const relative = await rpc(st.core, elevated, 'mutation', 'supervisor.catalogue.load', {
      path: 'catalogo.csv',
      reason: REASON,
    });
    expect(relative.status).toBe(400);
    expect(relative.body.error.message).toBe('console.error.pathNotAbsolute');
    const missing = await rpc(st.core, elevated, 'mutation', 'supervisor.catalogue.load', {
      path: `${file}.no`,
      reason: REASON,
    });
    expect(missing.body.error.message).toBe('console.error.pathMissing');
    const both = await rpc(st.core, elevated, 'mutation', 'supervisor.catalogue.load', {
      path: file,
      csv: header,
      reason: REASON,
    });
    expect(both.body.error.message).toBe('console.error.catalogueSource');
    const ok = await rpc(st.core, elevated, 'mutation', 'supervisor.catalogue.load', {
      path: file,
      reason: REASON,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.result.data).toMatchObject({ ok: true, entries: 2 });
    expect(lastAudit('console.catalogueLoad')).toMatchObject({
      actor: 'supervisor1',
      details: { operator: 'operador1', path: file, reason: REASON, outcome: 'loaded', entries: 2 },
    });

    const out = receive();
    expect(out.outcome).toBe('outOfCatalogue');
    const r = await rpc(st.core, elevated, 'mutation', 'supervisor.actas.acceptOutOfCatalogue', {
      actaId: out.acta.id,
      version: out.acta.version,
      reason: REASON,
    });
    expect(r.status).toBe(200);
    expect(r.body.result.data.catalogue).toBe('accepted');
    expect(lastAudit('console.acceptOutOfCatalogue')).toMatchObject({ details: { operator: 'operador1' } });
  });

  it('puts a dead-lettered transmission back in the queue', async () => {
    const img = path.join(tempFolder(), 'page.png');
    fs.writeFileSync(img, Buffer.alloc(10, 1));
    const outbox = st.core.services.outbox;
    const now = { utc: new Date().toISOString(), offsetMinutes: -360 };
    const e = outbox.enqueue({
      actaKey: '2024-PRES-09-05-0999-B1',
      images: [{ sha256: 'b'.repeat(64), size: 10, path: img }],
      times: { receivedAt: now, scannedAt: now, verifiedAt: now },
      stationId: st.core.config.station.id,
      operatorId: 'operador1',
    });
    if (!e.ok) throw new Error(e.error.messageKey);
    // Dead-lettered in the same tick, before the transmitter could pick it up.
    outbox.failAttempt(outbox.beginAttempt(e.value.id, 'primario'), e.value.id, 'transmit.error.rejected', {
      dead: true,
    });
    const att = await rpc(st.core, elevated, 'query', 'supervisor.actas.attention');
    expect(att.body.result.data.deadLetters).toContainEqual(
      expect.objectContaining({ outboxId: e.value.id, actaKey: '2024-PRES-09-05-0999-B1' }),
    );
    const r = await rpc(st.core, elevated, 'mutation', 'supervisor.transmission.requeue', {
      outboxId: e.value.id,
      reason: REASON,
    });
    expect(r.status).toBe(200);
    expect(outbox.get(e.value.id)!.state).not.toBe('dead');
    expect(lastAudit('console.requeue')).toMatchObject({
      actor: 'supervisor1',
      subject: '2024-PRES-09-05-0999-B1',
      details: { operator: 'operador1', outboxId: e.value.id },
    });
    const again = await rpc(st.core, elevated, 'mutation', 'supervisor.transmission.requeue', {
      outboxId: e.value.id,
      reason: REASON,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('console.error.notDeadLetter');
  });
});

describe('operator management, elevated', () => {
  const create = (input: Record<string, unknown>) =>
    rpc(st.core, elevated, 'mutation', 'supervisor.operators.create', { reason: REASON, ...input });

  it('creates an account (PIN twice, hashed), which can then log in; ids are never reused', async () => {
    const mismatch = await create({
      id: 'maria',
      name: 'María',
      role: 'operador',
      pin: '2468',
      pinConfirm: '2469',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.message).toBe('console.error.pinMismatch');
    const r = await create({
      id: 'maria',
      name: 'María',
      role: 'operador',
      pin: '246810',
      pinConfirm: '246810',
    });
    expect(r.status).toBe(200);
    const row = st.core.services.db.prepare('SELECT pin_hash FROM operators WHERE id = ?').get('maria') as {
      pin_hash: string;
    };
    expect(row.pin_hash).not.toContain('246810');
    expect(st.core.services.operators.login('maria', '246810').ok).toBe(true);
    expect(lastAudit('operator.create')).toMatchObject({
      actor: 'supervisor1',
      subject: 'maria',
      details: { operator: 'operador1', reason: REASON, role: 'operador' },
    });
    const dup = await create({
      id: 'maria',
      name: 'Otra',
      role: 'operador',
      pin: '1111',
      pinConfirm: '1111',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('console.error.operatorExists');
  });

  it('a PIN reset does not lift a running lockout', async () => {
    await create({ id: 'pedro', name: 'Pedro', role: 'operador', pin: '1357', pinConfirm: '1357' });
    const ops = st.core.services.operators;
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) ops.login('pedro', '0000');
    expect(ops.login('pedro', '1357')).toMatchObject({ ok: false, code: 'locked' });
    const r = await rpc(st.core, elevated, 'mutation', 'supervisor.operators.resetPin', {
      id: 'pedro',
      pin: '97531',
      pinConfirm: '97531',
      reason: REASON,
    });
    expect(r.status).toBe(200);
    expect(ops.login('pedro', '97531')).toMatchObject({ ok: false, code: 'locked' });
    expect(lastAudit('operator.resetPin')).toMatchObject({ actor: 'supervisor1', subject: 'pedro' });
    const list = await rpc(st.core, elevated, 'query', 'supervisor.operators.list');
    expect(list.body.result.data).toContainEqual(expect.objectContaining({ id: 'pedro', active: true }));
    expect(JSON.stringify(list.body)).not.toMatch(/pin_hash|pin_salt/);
  });

  it('a disabled operator already logged in is logged out at the next request', async () => {
    await create({ id: 'lucia', name: 'Lucía', role: 'operador', pin: '2468', pinConfirm: '2468' });
    const hers = await sessionCookie(st.core);
    await rpc(st.core, hers, 'mutation', 'session.login', { operatorId: 'lucia', pin: '2468' });
    expect((await rpc(st.core, hers, 'query', 'status.snapshot')).status).toBe(200);
    await rpc(st.core, elevated, 'mutation', 'supervisor.operators.disable', { id: 'lucia', reason: REASON });
    const after = await rpc(st.core, hers, 'query', 'status.snapshot');
    expect(after.status).toBe(401);
    expect(after.body.error.message).toBe('auth.error.accountDisabled');
  });

  it('disables an account, but never the last active supervisor', async () => {
    await create({ id: 'sup2', name: 'Segunda', role: 'supervisor', pin: '864213', pinConfirm: '864213' });
    const off = await rpc(st.core, elevated, 'mutation', 'supervisor.operators.disable', {
      id: 'sup2',
      reason: REASON,
    });
    expect(off.status).toBe(200);
    expect(st.core.services.operators.login('sup2', '864213').ok).toBe(false);
    expect(lastAudit('operator.disable')).toMatchObject({ actor: 'supervisor1', subject: 'sup2' });
    const last = await rpc(st.core, elevated, 'mutation', 'supervisor.operators.disable', {
      id: 'supervisor1',
      reason: REASON,
    });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toBe('console.error.lastSupervisor');
    expect(st.core.services.operators.get('supervisor1')).toBeDefined();
  });
});

describe('audit log, elevated', () => {
  it('filters by actor, action prefix, text and dates, a page at a time', async () => {
    const q = async (input: Record<string, unknown>) =>
      (await rpc(st.core, elevated, 'query', 'supervisor.audit.query', input)).body.result.data as {
        entries: Array<{ seq: number; actor: string; action: string; subject: string }>;
        total: number;
      };
    const all = await q({ limit: 200 });
    expect(all.total).toBeGreaterThan(10);
    const bySup = await q({ actor: 'supervisor1', limit: 200 });
    expect(bySup.entries.length).toBeGreaterThan(0);
    expect(bySup.entries.every((e) => e.actor === 'supervisor1')).toBe(true);
    const consoleOnes = await q({ action: 'console.', limit: 200 });
    expect(consoleOnes.entries.length).toBeGreaterThan(3);
    expect(consoleOnes.entries.every((e) => e.action.startsWith('console.'))).toBe(true);
    const maria = await q({ text: 'maría' });
    expect(maria.entries.map((e) => e.subject)).toContain('maria');
    expect((await q({ from: new Date(Date.now() + 3_600_000).toISOString() })).total).toBe(0);
    expect((await q({ to: '2000-01-01T00:00:00Z' })).total).toBe(0);
    const p1 = await q({ limit: 2, offset: 0 });
    const p2 = await q({ limit: 2, offset: 2 });
    expect(p1.entries[0]!.seq).toBeGreaterThan(p1.entries[1]!.seq);
    expect(p1.entries[1]!.seq).toBeGreaterThan(p2.entries[0]!.seq);
    const badDate = await rpc(st.core, elevated, 'query', 'supervisor.audit.query', { from: 'ayer' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.message).toBe('console.error.badDate');
  });

  it('exports a signed log and a diagnostic bundle to a removable-media folder', async () => {
    fs.mkdirSync(path.join(st.dataDir, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(st.dataDir, 'logs', 'catd.log'), '{"event":"marca-de-prueba"}\n');
    const usb = tempFolder();
    const relative = await rpc(st.core, elevated, 'mutation', 'supervisor.audit.export', {
      folder: 'usb',
      reason: REASON,
    });
    expect(relative.body.error.message).toBe('console.error.pathNotAbsolute');
    const inside = await rpc(st.core, elevated, 'mutation', 'supervisor.audit.export', {
      folder: st.dataDir,
      reason: REASON,
    });
    expect(inside.body.error.message).toBe('console.error.placeNotAllowed');
    const r = await rpc(st.core, elevated, 'mutation', 'supervisor.audit.export', {
      folder: usb,
      reason: REASON,
    });
    expect(r.status).toBe(200);
    const [file] = r.body.result.data.files as string[];
    expect(path.dirname(file!)).toBe(usb);
    expect(verifyAuditExport(file!, fs.readFileSync(`${file!}.pub`, 'utf8'))).toMatchObject({
      ok: true,
      entries: r.body.result.data.entries,
    });
    expect(lastAudit('console.auditExport')).toMatchObject({
      actor: 'supervisor1',
      details: { folder: usb },
    });

    const b = await rpc(st.core, elevated, 'mutation', 'supervisor.audit.bundle', {
      folder: usb,
      reason: REASON,
    });
    expect(b.status).toBe(200);
    const [bundleFile, sigFile] = b.body.result.data.files as string[];
    const bytes = fs.readFileSync(bundleFile!);
    const pub = fs.readFileSync(`${file}.pub`, 'utf8');
    expect(verifyBytes(pub, bytes, fs.readFileSync(sigFile!, 'utf8').trim())).toBe(true);
    const bundle = JSON.parse(bytes.toString('utf8'));
    expect(bundle).toMatchObject({
      kind: 'catd-diagnostico',
      station: { id: st.core.config.station.id },
      audit: { ok: true },
      status: { devices: { scanner: expect.any(Object) } },
    });
    expect(bundle.schemaVersion).toBeGreaterThanOrEqual(3);
    expect(bundle.logs['catd.log']).toContain('marca-de-prueba');
    expect(fs.readdirSync(usb).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
