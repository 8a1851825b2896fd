// A station with a transmission profile (grey WebP) meets a real central: a real core (simulated
// scanner, real quality gate) driven over the renderer's RPC, and `catd central` as its own
// process. What is asserted is what each side keeps: the central acknowledges the acta with both
// hashes of every page (the copy it holds, the original the station keeps) in its signed receipt,
// and holds only the copy; the station still holds the original. And what the central refuses: a
// manifest changed after signing (an original hash swapped), and a copy whose bytes are not the
// ones the signed manifest names.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../../electron/app/core';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { systemClock } from '../../../electron/platform/clock';
import { loadOrCreateStationKey } from '../../../electron/security/station-key';
import { LinkClient } from '../../../electron/transmit/http-client';
import { checkReceipt, deliverOverLink } from '../../../electron/transmit/protocol';
import { canonicalJson } from '../../../electron/platform/canonical-json';
import { signBytes } from '../../../electron/platform/signing';
import { loadOrCreateCentralKey } from '../../../central/keys';
import { signManifest } from '../../../electron/transmit/manifest-sign';
import { RequestSigner } from '../../../electron/transmit/request-signer';
import { ClockOffsetMeter } from '../../../electron/transmit/clock-offset';
import type { OutboxEntry } from '../../../electron/transmit/outbox';
import { CentralStore } from '../../../central/store';
import { INTAKE_MANIFESTS_PATH, type SignedManifest } from '../../../shared/intake';
import { cookieAs } from '../../helpers/procedures';
import { ActaFlow } from '../../helpers/acta-flow';
import { casillaKeys } from '../../helpers/casilla-keys';
import { spawnIntake, type IntakeProcess } from './fixtures';

const STATION = 'CATD-PERFIL-01';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-profile-'));
const centralDir = path.join(tmp, 'central');
const dataDir = path.join(tmp, 'station');
const key = casillaKeys(4001);
let central: IntakeProcess;
let core: Core;
let flow: ActaFlow;
let client: LinkClient;

beforeAll(async () => {
  central = await spawnIntake(centralDir);
  fs.mkdirSync(dataDir);
  fs.writeFileSync(
    path.join(dataDir, 'config.json'),
    JSON.stringify({
      station: { id: STATION, name: 'perfil', catd: 'CATD prueba' },
      transmit: { maxAttempts: 2, profile: { format: 'grey-webp', quality: 60 } },
    }),
  );
  core = await startCore({
    dataDir,
    port: 0,
    rendererDir: dataDir,
    logger: createMemoryLogger(),
    shell: { requestExit: () => undefined },
    simIntakeUrl: central.url,
    simIntakeData: centralDir,
  });
  flow = new ActaFlow(core, await cookieAs(core, 'operador'), await cookieAs(core, 'supervisor'));
  // The station's own key and id, on a link of its own: what a tampering party on the path (or
  // with the station's database) could send, signed as the station signs requests.
  const signer = new RequestSigner(
    loadOrCreateStationKey(dataDir),
    STATION,
    systemClock,
    new ClockOffsetMeter(),
  );
  client = new LinkClient({ url: central.url, maxConcurrency: 1 }, signer);
}, 90_000);
afterAll(async () => {
  client?.close();
  await core?.stop();
  await central?.proc.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What the central keeps, read from its folder as `catd central` does (beside the running process). */
async function atCentral<T>(read: (store: CentralStore) => Promise<T>): Promise<T> {
  const store = await CentralStore.open(centralDir);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

let delivered: OutboxEntry;

describe('a station with a transmission profile and a real central', () => {
  it('the acta is acknowledged with both hashes of every page; the central holds the copy, the station the original', async () => {
    const a = await flow.receive(key());
    await flow.queue(a.id);
    expect((await flow.until(a.id, 'acusada')).state).toBe('acusada');
    delivered = core.services.outbox.entryOfActa(a.id)!;
    const pages = delivered.signed.manifest.images;
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) {
      expect(p.original).toBeDefined();
      expect(p.encoding).toEqual({ format: 'webp', quality: 60 });
      // The original is the station's scanned file, byte for byte, still there.
      const scanned = fs.readFileSync(path.join(dataDir, 'blobs', p.original!.sha256));
      expect(sha(scanned)).toBe(p.original!.sha256);
      expect(p.size).toBeLessThan(p.original!.size / 5);
    }
    // The receipt the central signed names both hashes of each page; the station kept it.
    const receipt = core.services.outbox.receiptOf(delivered.id)!;
    expect(receipt.receipt.images).toEqual(pages);
    // The central holds each copy under its own hash, and not the original.
    const held = await atCentral(async (store) => ({
      records: await store.records(delivered.actaKey),
      copies: await Promise.all(
        pages.map(async (p) => sha(Buffer.concat(await store.blobs.get(p.sha256).toArray()))),
      ),
      originals: await Promise.all(pages.map((p) => store.hasBlob(p.original!.sha256))),
    }));
    expect(held.records).toHaveLength(1);
    expect(held.copies).toEqual(pages.map((p) => p.sha256));
    expect(held.originals.every((has) => !has)).toBe(true);
  }, 180_000);

  it('a manifest whose original hash was changed after signing is refused; nothing more is counted', async () => {
    const before = await atCentral((s) => s.delivered());
    const signed: SignedManifest = structuredClone(delivered.signed);
    const idempotencyKey = randomUUID();
    signed.manifest.idempotencyKey = idempotencyKey;
    signed.manifest.images[0]!.original!.sha256 = sha(randomBytes(32));
    const r = await client.request('POST', INTAKE_MANIFESTS_PATH, {
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: Buffer.from(JSON.stringify(signed)),
    });
    expect(r.ok && r.value.status).toBe(403);
    expect(r.ok && JSON.parse(r.value.body.toString()).error).toBe('bad_signature');
    expect(await atCentral((s) => s.delivered())).toEqual(before);
  }, 60_000);

  it('a copy whose bytes are not those the signed manifest names is refused, and no receipt comes back', async () => {
    const stationKey = loadOrCreateStationKey(dataDir);
    const named = randomBytes(40_000);
    const file = path.join(tmp, 'copia-alterada.webp');
    fs.writeFileSync(file, randomBytes(named.length)); // the copy changed on disk after signing
    const idempotencyKey = randomUUID();
    const m = delivered.signed.manifest;
    const images = [
      {
        sha256: sha(named),
        size: named.length,
        original: m.images[0]!.original!,
        encoding: m.images[0]!.encoding!,
      },
    ];
    const s = signManifest(
      stationKey,
      idempotencyKey,
      { ...m, actaKey: m.actaKey, images, supersedes: [] },
      m.auditHead,
    );
    const entry = {
      ...delivered,
      id: -1,
      idempotencyKey,
      signed: { manifest: s.manifest, signature: s.signature },
      manifestSha256: s.manifestSha256,
      images: [{ sha256: sha(named), size: named.length, path: file }],
    };
    const out = await deliverOverLink(client, entry, {
      stationId: STATION,
      centralKeyPem: fs.readFileSync(path.join(centralDir, 'keys', 'central-ed25519.pub'), 'utf8'),
    });
    expect(out).toEqual({ kind: 'permanent', error: 'transmit.error.imageChanged' });
    const after = await atCentral(async (st) => ({
      has: await st.hasBlob(sha(named)),
      keys: (await st.delivered()).map((d) => d.idempotencyKey),
    }));
    expect(after.has).toBe(false);
    expect(after.keys).not.toContain(idempotencyKey);
  }, 60_000);

  it('a receipt that names the copy without its original does not close the acta', () => {
    const receipt = core.services.outbox.receiptOf(delivered.id)!.receipt;
    const centralKey = loadOrCreateCentralKey(centralDir);
    const expectation = {
      idempotencyKey: delivered.idempotencyKey,
      manifestSha256: delivered.manifestSha256,
      stationId: STATION,
      actaKey: delivered.actaKey,
      images: delivered.signed.manifest.images,
    };
    const signed = (r: typeof receipt) => ({
      receipt: r,
      signature: signBytes(centralKey, Buffer.from(canonicalJson(r))),
    });
    expect(checkReceipt(signed(receipt), centralKey.publicKeyPem, expectation).ok).toBe(true);
    const stripped = { ...receipt, images: receipt.images.map((i) => ({ sha256: i.sha256, size: i.size })) };
    expect(checkReceipt(signed(stripped), centralKey.publicKeyPem, expectation)).toEqual({
      ok: false,
      error: 'transmit.error.receiptMismatch',
    });
  });
});
