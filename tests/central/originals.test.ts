// The scanned original of a page that travelled as a lighter copy, on request (issue 18): a real
// station core with transmit.profile grey-jpeg delivers an acta to a real central; a central
// operator asks for its original on the panel's API; the station sends it after its next
// heartbeat; the operator downloads bytes whose SHA-256 is the one the station signed as the
// original (and the station's own scanned file). Abuse: a central that asks for a file the
// station never named as an original gets nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actaKeyId, formatActaKeyLabel } from '../../shared/acta-key';
import { ManifestSchema } from '../../shared/intake';
import { CentralOperators } from '../../central/operators';
import { OriginalRequests } from '../../central/originals';
import { startTestStation, type TestStation } from '../helpers/core';
import { cookieAs } from '../helpers/procedures';
import { ActaFlow } from '../helpers/acta-flow';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function waitFor(
  ok: () => boolean | Promise<boolean>,
  o: { timeoutMs: number; what: string },
): Promise<void> {
  const end = Date.now() + o.timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${o.what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a scanned original on request', () => {
  let st: TestStation;
  let flow: ActaFlow;
  let base: string;
  let cookie: string;
  beforeAll(async () => {
    st = await startTestStation({
      enrolled: true,
      config: { transmit: { profile: { format: 'grey-jpeg', quality: 60 }, heartbeatIntervalMs: 1_000 } },
    });
    flow = new ActaFlow(st.core, await cookieAs(st.core, 'operador'), await cookieAs(st.core, 'supervisor'));
    base = st.intake.urls[0]!;
    await new CentralOperators(st.intake.store.db, () => new Date()).add('ana', 'Ana', 'larga-suficiente');
    const r = await fetch(`${base}/panel/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operatorId: 'ana', password: 'larga-suficiente' }),
    });
    cookie = /catd_central_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')![0];
  }, 90_000);
  afterAll(async () => {
    await st?.stop();
  });

  const manifestOf = async (actaKey: string) => {
    const row = await st.intake.store.db.get<{ manifest: string; idempotency_key: string }>(
      `SELECT manifest, idempotency_key FROM manifests WHERE acta_key = ? AND state = 'done'`,
      [actaKey],
    );
    return {
      manifest: ManifestSchema.parse(JSON.parse(row!.manifest)),
      idempotencyKey: row!.idempotency_key,
    };
  };
  const panel = (p: string, init: RequestInit = {}) =>
    fetch(`${base}/panel/api/${p}`, { ...init, headers: { cookie, 'content-type': 'application/json' } });

  it('the central asks, the station sends it after a heartbeat, the operator downloads the signed original', async () => {
    const keyLabel = formatActaKeyLabel({
      year: 2024,
      election: 'PRES',
      entidad: '09',
      distrito: '05',
      seccion: '4100',
      casillaType: 'B',
      casillaNumber: 1,
    });
    const a = await flow.receive(keyLabel);
    await flow.queue(a.id);
    await flow.until(a.id, 'acusada');
    const manifest = (await manifestOf(a.keyId)).manifest;
    const page = manifest.images[0]!;
    // The copy travelled, not the scan: the central holds the copy's bytes only.
    expect(page.original).toBeDefined();
    expect(await st.intake.store.hasBlob(page.sha256)).toBe(true);
    expect(await st.intake.store.hasBlob(page.original!.sha256)).toBe(false);

    expect((await fetch(`${base}/panel/api/originals`)).status).toBe(401);
    const bad = await panel('originals', {
      method: 'POST',
      body: JSON.stringify({ actaKey: 'no es clave' }),
    });
    expect(bad.status).toBe(400);
    const asked = await panel('originals', { method: 'POST', body: JSON.stringify({ actaKey: a.keyId }) });
    expect(asked.status).toBe(201);
    const body = (await asked.json()) as { originals: Array<{ sha256: string; receivedAt: string | null }> };
    expect(body.originals.map((o) => o.sha256)).toEqual(manifest.images.map((i) => i.original!.sha256));
    expect(body.originals.every((o) => o.receivedAt === null)).toBe(true);

    await waitFor(
      async () => {
        const list = (await (await panel('originals')).json()) as {
          originals: Array<{ receivedAt: string | null }>;
        };
        return list.originals.length > 0 && list.originals.every((o) => o.receivedAt !== null);
      },
      { timeoutMs: 20_000, what: 'the station to send the originals' },
    );
    const file = await panel(`original?sha256=${page.original!.sha256}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(sha(bytes)).toBe(page.original!.sha256);
    expect(bytes.length).toBe(page.original!.size);
    // The very file the station scanned and keeps as evidence.
    const scanned = st.core.services.blobs.pathFor(page.original!.sha256);
    expect(sha(fs.readFileSync(scanned))).toBe(page.original!.sha256);
    expect(st.log.lines.some((r) => r.event === 'original-sent')).toBe(true);
  }, 120_000);

  it('a key the central never acknowledged is not found; a blob nobody asked for is not served', async () => {
    const unknown = actaKeyId({
      year: 2024,
      election: 'SEN',
      entidad: '09',
      distrito: '05',
      seccion: '4999',
      casillaType: 'B',
      casillaNumber: 1,
    });
    const none = await panel('originals', {
      method: 'POST',
      body: JSON.stringify({ actaKey: unknown }),
    });
    expect(none.status).toBe(404);
    // A blob the panel never asked for is not served by its hash.
    const copySha = (await manifestOf((await flow.get(1)).keyId)).manifest.images[0]!.sha256;
    expect((await panel(`original?sha256=${copySha}`)).status).toBe(404);
  });

  it('a central that asks for a file the station never signed as an original gets nothing', async () => {
    const { manifest: m, idempotencyKey } = await manifestOf((await flow.get(1)).keyId);
    // A file the station does hold among its scans, that no manifest of it names as an original
    // (a page the gate turned away would be one), put in the central's table by hand.
    const foreign = (await st.core.services.blobs.put(Buffer.from('una hoja que nunca se envió'))).sha256;
    await st.intake.store.db.run(
      `INSERT INTO original_requests (original_sha256, acta_key, page, station_id, idempotency_key, size, requested_at, requested_by)
       VALUES (?, ?, 1, ?, ?, 10, ?, 'intruso')`,
      [foreign, m.actaKey, m.stationId, idempotencyKey, new Date().toISOString()],
    );
    await waitFor(
      () =>
        st.log.lines.some(
          (r) =>
            r.event === 'original-request-refused' && r.sha256 === foreign && r.reason === 'not_an_original',
        ),
      { timeoutMs: 10_000, what: 'the station to refuse the request' },
    );
    expect(await st.intake.store.hasBlob(foreign)).toBe(false);
    expect(await new OriginalRequests(st.intake.store.db, () => new Date()).owedBy(m.stationId)).toContain(
      foreign,
    );
  });
});
