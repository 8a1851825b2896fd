// The reference intake as a station meets it: health, idempotent manifests (replay, 422, 409),
// signatures, chunk and image hashes, resuming, durability across a restart, HTTPS with a
// private CA.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startIntakeServer } from '../../central/server';
import { LinkClient } from '../../electron/transmit/http-client';
import { deliverOverLink, probeOverLink, uploadBlob } from '../../electron/transmit/protocol';
import { tempDir } from '../helpers/temp';
import { centralEngines } from '../helpers/central-engines';

const engines = centralEngines();
import {
  INTAKE_BLOBS_PATH,
  INTAKE_HEALTH_PATH,
  INTAKE_MANIFESTS_PATH,
  intakeTimingMs,
} from '../../shared/intake';
import { makeActa, openStationSide, STATION_ID, type TestStationSide } from '../electron/transmit/fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: { tls?: boolean; commitDelayMs?: number; dataDir?: string } = {}) {
  const centralDir = opts.dataDir ?? tempDir('catd-central-');
  const intake = await startIntakeServer({
    ports: [0],
    dataDir: centralDir,
    ...opts,
    ...(await engines.options(centralDir)),
  });
  cleanups.push(() => intake.close());
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const client = new LinkClient(
    {
      url: intake.urls[0]!,
      maxConcurrency: 2,
      ...(intake.caFile ? { ca: intake.caFile } : {}),
    },
    station.signer,
  );
  cleanups.push(() => client.close());
  return { intake, station, client, centralDir };
}

function enqueue(station: TestStationSide, n: number, size = 50_000) {
  const r = station.outbox.enqueue(makeActa(station.dataDir, n, size));
  if (!r.ok) throw new Error(r.error.messageKey);
  return r.value;
}

const post = (client: LinkClient, key: string, body: unknown) =>
  client.request('POST', INTAKE_MANIFESTS_PATH, {
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: Buffer.from(JSON.stringify(body)),
  });

describe.each(engines.engines)('on %s', (engine) => {
  engines.use(engine);

  describe('reference intake', () => {
    it('delivers an acta and replays the same receipt for the same key and manifest', async () => {
      const { intake, station, client } = await setup();
      const entry = enqueue(station, 1);
      const first = await deliverOverLink(client, entry, {
        stationId: STATION_ID,
        centralKeyPem: station.centralKeyPem,
      });
      expect(first.kind).toBe('delivered');
      const again = await deliverOverLink(client, entry, {
        stationId: STATION_ID,
        centralKeyPem: station.centralKeyPem,
      });
      expect(again).toMatchObject({ kind: 'delivered', replayed: true });
      if (first.kind === 'delivered' && again.kind === 'delivered')
        expect(again.receipt.receipt.receiptId).toBe(first.receipt.receipt.receiptId);
      expect(await intake.store.delivered()).toHaveLength(1);
      for (const img of entry.images)
        expect(
          createHash('sha256')
            .update(fs.readFileSync(intake.store.blobFile(img.sha256)))
            .digest('hex'),
        ).toBe(img.sha256);
    });

    it("says in every answer how long the node itself took over it (Server-Timing), apart from the station's wait", async () => {
      const { station, client } = await setup({ commitDelayMs: 300 });
      const e = enqueue(station, 1);
      const opts = { stationId: STATION_ID, centralKeyPem: station.centralKeyPem };
      for (const img of e.images) expect(await uploadBlob(client, img, opts)).toBeNull();
      const t = performance.now();
      const r = await post(client, e.idempotencyKey, e.signed);
      const waited = performance.now() - t;
      expect(r.ok && r.value.status).toBe(201);
      const nodeMs = r.ok ? intakeTimingMs(r.value.headers['server-timing']) : null;
      // The commit held 300 ms at the node: it says so, and never more than the station waited.
      expect(nodeMs).toBeGreaterThanOrEqual(300);
      expect(nodeMs).toBeLessThanOrEqual(waited);
      const health = await client.request('GET', INTAKE_HEALTH_PATH);
      expect(health.ok && intakeTimingMs(health.value.headers['server-timing'])).toBeLessThan(300);
    });

    it('answers 422 for the same key with another manifest, 409 while the key is in flight', async () => {
      const { station, client } = await setup({ commitDelayMs: 400 });
      const a = enqueue(station, 1);
      const b = enqueue(station, 2);
      await deliverOverLink(client, b, { stationId: STATION_ID, centralKeyPem: station.centralKeyPem }); // uploads b's images
      const [r1, r2] = await Promise.all([
        post(client, a.idempotencyKey, a.signed),
        new Promise((r) => setTimeout(r, 100)).then(() => post(client, a.idempotencyKey, a.signed)),
      ]);
      expect(r1.ok && r1.value.status).toBe(412); // a's images were never uploaded
      expect(r2.ok && r2.value.status).toBe(409);
      const r3 = await post(client, b.idempotencyKey, a.signed);
      expect(r3.ok && r3.value.status).toBe(422);
      expect(r3.ok && JSON.parse(r3.value.body.toString()).error).toBe('idempotency_mismatch');
    });

    it('a copy of a signed manifest cannot claim a key of its own: the station still gets its receipt', async () => {
      const { intake, station, client } = await setup();
      const e = enqueue(station, 1);
      // Whoever holds a copy (a USB export, the database) uploads the images and posts it first
      // under a key of their own: refused, the key is signed inside the manifest.
      await deliverOverLink(client, enqueue(station, 2), {
        stationId: STATION_ID,
        centralKeyPem: station.centralKeyPem,
      });
      const theft = await post(client, 'stolen-key-0000000001', e.signed);
      expect(theft.ok && [theft.value.status, JSON.parse(theft.value.body.toString()).error]).toEqual([
        422,
        'idempotency_mismatch',
      ]);
      const own = await deliverOverLink(client, e, {
        stationId: STATION_ID,
        centralKeyPem: station.centralKeyPem,
      });
      expect(own).toMatchObject({ kind: 'delivered', replayed: false });
      // Once committed, the same manifest under another header key gets the existing receipt back.
      const again = await post(client, 'another-key-000000001', e.signed);
      expect(again.ok && again.value.status).toBe(201);
      if (own.kind === 'delivered' && again.ok)
        expect(JSON.parse(again.value.body.toString()).receipt.receiptId).toBe(own.receipt.receipt.receiptId);
      expect((await intake.store.delivered()).map((d) => d.idempotencyKey)).toContain(e.idempotencyKey);
      expect(await intake.store.delivered()).toHaveLength(2);
    });

    it('refuses a manifest whose signature does not verify, and one of another station', async () => {
      const { station, client } = await setup();
      const e = enqueue(station, 1);
      const forged = { ...e.signed, manifest: { ...e.signed.manifest, operatorId: 'otro' } };
      const r = await post(client, 'forged-key-0000000001', forged);
      expect(r.ok && [r.value.status, JSON.parse(r.value.body.toString()).error]).toEqual([
        403,
        'bad_signature',
      ]);
      const stranger = { ...e.signed, manifest: { ...e.signed.manifest, stationId: 'CATD-OTRA-99' } };
      // Posted by this (authenticated) station in another's name: not its record to deliver.
      const r2 = await post(client, 'stranger-key-00000001', stranger);
      expect(r2.ok && [r2.value.status, JSON.parse(r2.value.body.toString()).error]).toEqual([
        403,
        'request_signature',
      ]);
    });

    it('checks each chunk, resumes where it stopped, and refuses an image whose hash is wrong', async () => {
      const { intake, station, client } = await setup();
      const e = enqueue(station, 1, 100_000);
      const img = e.images[0]!;
      const bytes = fs.readFileSync(img.path);
      const put = (
        offset: number,
        chunk: Buffer,
        sha = createHash('sha256').update(chunk).digest('hex'),
        target = img.sha256,
      ) =>
        client.request('PUT', `${INTAKE_BLOBS_PATH}/${target}?offset=${offset}&size=${img.size}`, {
          headers: { 'x-catd-station': STATION_ID, 'x-chunk-sha256': sha },
          body: chunk,
        });
      const bad = await put(0, bytes.subarray(0, 40_000), '0'.repeat(64));
      expect(bad.ok && bad.value.status).toBe(422);
      const half = await put(0, bytes.subarray(0, 40_000));
      expect(half.ok && JSON.parse(half.value.body.toString())).toEqual({ offset: 40_000, complete: false });
      expect(await intake.store.missing([img.sha256])).toEqual([{ sha256: img.sha256, offset: 40_000 }]);
      const gap = await put(60_000, bytes.subarray(60_000));
      expect(gap.ok && JSON.parse(gap.value.body.toString())).toEqual({
        error: 'offset_mismatch',
        offset: 40_000,
      });
      const rest = await put(40_000, bytes.subarray(40_000));
      expect(rest.ok && JSON.parse(rest.value.body.toString())).toEqual({ offset: 100_000, complete: true });
      const wrongName = 'a'.repeat(64);
      const lie = await put(0, bytes, undefined, wrongName);
      expect(lie.ok && JSON.parse(lie.value.body.toString()).error).toBe('blob_hash_mismatch');
      expect(await intake.store.hasBlob(wrongName)).toBe(false);
    });

    it('keeps receipts across a restart: the same request after it replays the first receipt', async () => {
      const centralDir = tempDir('catd-central-');
      const intake = await startIntakeServer({
        ports: [0],
        dataDir: centralDir,
        ...(await engines.options(centralDir)),
      });
      const station = openStationSide(tempDir('catd-station-'), centralDir);
      cleanups.push(() => station.close());
      const e = enqueue(station, 1);
      let client = new LinkClient({ url: intake.urls[0]!, maxConcurrency: 1 }, station.signer);
      const first = await deliverOverLink(client, e, {
        stationId: STATION_ID,
        centralKeyPem: station.centralKeyPem,
      });
      client.close();
      await intake.close();
      const again = await startIntakeServer({
        ports: [0],
        dataDir: centralDir,
        ...(await engines.options(centralDir)),
      });
      cleanups.push(() => again.close());
      client = new LinkClient({ url: again.urls[0]!, maxConcurrency: 1 }, station.signer);
      cleanups.push(() => client.close());
      const second = await deliverOverLink(client, e, {
        stationId: STATION_ID,
        centralKeyPem: station.centralKeyPem,
      });
      expect(second).toMatchObject({ kind: 'delivered', replayed: true });
      if (first.kind === 'delivered' && second.kind === 'delivered')
        expect(second.receipt.receipt.receiptId).toBe(first.receipt.receipt.receiptId);
    });

    it('serves HTTPS that a station trusts through its CA file only', async () => {
      const { intake, station, client } = await setup({ tls: true });
      expect(intake.urls[0]).toMatch(/^https:/);
      expect(await probeOverLink(client)).toMatchObject({ ok: true });
      const e = enqueue(station, 1);
      expect(
        (await deliverOverLink(client, e, { stationId: STATION_ID, centralKeyPem: station.centralKeyPem }))
          .kind,
      ).toBe('delivered');
      const untrusting = new LinkClient({ url: intake.urls[0]!, maxConcurrency: 1 }, station.signer);
      cleanups.push(() => untrusting.close());
      const r = await probeOverLink(untrusting);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatch(/^transmit\.error\.tls/);
    });
  });
});
