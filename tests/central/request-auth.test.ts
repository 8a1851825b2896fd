// Issue #15 §3: the central's blob endpoints answered anyone who wrote an `X-Catd-Station`
// header (which images exist, 64 MiB partials that never expired), and a heartbeat could be
// replayed. Now every request but health carries the station's signature over method, path,
// body hash, timestamp and nonce; partial uploads are capped per station and in total and
// expire; a heartbeat not newer than the last one is refused.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startIntakeServer, type IntakeServerOptions } from '../../central/server';
import { LinkClient } from '../../electron/transmit/http-client';
import { deliverOverLink } from '../../electron/transmit/protocol';
import { RequestSigner } from '../../electron/transmit/request-signer';
import { ClockOffsetMeter } from '../../electron/transmit/clock-offset';
import { ManualClock, systemClock } from '../../electron/platform/clock';
import { canonicalJson } from '../../electron/platform/canonical-json';
import { signBytes } from '../../electron/platform/signing';
import { keyFiles, loadOrCreateStationKey } from '../../electron/security/station-key';
import { enrolStation } from '../../central/keys';
import {
  INTAKE_BLOBS_PATH,
  INTAKE_HEALTH_PATH,
  INTAKE_HEARTBEAT_PATH,
  INTAKE_MISSING_PATH,
  INTAKE_PROTOCOL_VERSION,
  type Heartbeat,
} from '../../shared/intake';
import { tempDir } from '../helpers/temp';
import { centralEngines } from '../helpers/central-engines';

const engines = centralEngines();
import { makeActa, openStationSide, STATION_ID } from '../electron/transmit/fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(over: Partial<IntakeServerOptions> = {}) {
  const centralDir = over.dataDir ?? tempDir('catd-central-');
  const intake = await startIntakeServer({
    ports: [0],
    ...over,
    dataDir: centralDir,
    ...(await engines.options(centralDir)),
  });
  cleanups.push(() => intake.close());
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const client = new LinkClient({ url: intake.urls[0]!, maxConcurrency: 2 }, station.signer);
  cleanups.push(() => client.close());
  return { intake, station, client, centralDir };
}

interface Raw {
  status: number;
  body: { error?: string; time?: string; [k: string]: unknown };
}

/** A request exactly as given: no signing, no retry. */
function raw(
  url: string,
  method: string,
  p: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(p, url), {
      method,
      headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
    });
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(parts).toString() || '{}') as Raw['body'],
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const missingBody = (hashes: string[]) => Buffer.from(JSON.stringify({ sha256: hashes }));

describe.each(engines.engines)('on %s', (engine) => {
  engines.use(engine);

  describe('request authentication', () => {
    it('refuses unsigned blob calls (the station header alone is nothing) and still answers health', async () => {
      const { intake, station } = await setup();
      const acta = makeActa(station.dataDir, 1, 40_000, 1);
      const img = acta.images[0]!;
      const asked = await raw(
        intake.urls[0]!,
        'POST',
        INTAKE_MISSING_PATH,
        { 'content-type': 'application/json', 'x-catd-station': STATION_ID },
        missingBody([img.sha256]),
      );
      expect([asked.status, asked.body.error]).toEqual([401, 'unauthenticated']);
      const bytes = fs.readFileSync(img.path);
      const put = await raw(
        intake.urls[0]!,
        'PUT',
        `${INTAKE_BLOBS_PATH}/${img.sha256}?offset=0&size=${bytes.length}`,
        { 'x-catd-station': STATION_ID, 'x-chunk-sha256': sha(bytes) },
        bytes,
      );
      expect([put.status, put.body.error]).toEqual([401, 'unauthenticated']);
      expect(fs.readdirSync(path.join(intake.dataDir, 'partial'))).toEqual([]);
      expect((await raw(intake.urls[0]!, 'GET', INTAKE_HEALTH_PATH, {})).status).toBe(200);
    });

    it('refuses a request signed by another key in the station’s name, and a replayed one', async () => {
      const { intake, station } = await setup();
      const body = missingBody([sha(randomBytes(8))]);
      const forger = new RequestSigner(
        loadOrCreateStationKey(tempDir()),
        STATION_ID,
        systemClock,
        new ClockOffsetMeter(),
      );
      const forged = await raw(
        intake.urls[0]!,
        'POST',
        INTAKE_MISSING_PATH,
        {
          'content-type': 'application/json',
          ...forger.headers('POST', INTAKE_MISSING_PATH, body),
        },
        body,
      );
      expect([forged.status, forged.body.error]).toEqual([403, 'request_signature']);

      const headers = {
        'content-type': 'application/json',
        ...station.signer.headers('POST', INTAKE_MISSING_PATH, body),
      };
      expect((await raw(intake.urls[0]!, 'POST', INTAKE_MISSING_PATH, headers, body)).status).toBe(200);
      const again = await raw(intake.urls[0]!, 'POST', INTAKE_MISSING_PATH, headers, body);
      expect([again.status, again.body.error]).toEqual([401, 'replayed_request']);
      // The signature binds the body: the same headers with another body are refused.
      const other = missingBody([sha(randomBytes(8))]);
      const swapped = await raw(
        intake.urls[0]!,
        'POST',
        INTAKE_MISSING_PATH,
        {
          'content-type': 'application/json',
          ...station.signer.headers('POST', INTAKE_MISSING_PATH, body),
        },
        other,
      );
      expect([swapped.status, swapped.body.error]).toEqual([400, 'body_hash_mismatch']);
      // ... and the path: a signature for /blobs/missing does not open a PUT.
      const h = station.signer.headers('POST', INTAKE_MISSING_PATH, body);
      const moved = await raw(
        intake.urls[0]!,
        'PUT',
        `${INTAKE_BLOBS_PATH}/${sha(body)}?offset=0&size=${body.length}`,
        {
          ...h,
          'x-chunk-sha256': sha(body),
        },
        body,
      );
      expect([moved.status, moved.body.error]).toEqual([403, 'request_signature']);
    });

    it('stores no image whose bytes are not what it claims: a chunk hash other than the signed body, or a name its bytes do not hash to', async () => {
      const { intake, station } = await setup();
      const bytes = randomBytes(4096);
      const put = (name: string, chunkSha: string) => {
        const p = `${INTAKE_BLOBS_PATH}/${name}?offset=0&size=${bytes.length}`;
        return raw(
          intake.urls[0]!,
          'PUT',
          p,
          { ...station.signer.headers('PUT', p, bytes), 'x-chunk-sha256': chunkSha },
          bytes,
        );
      };
      // Signed for these bytes, but the chunk claims another hash.
      const lying = await put(sha(bytes), sha(randomBytes(8)));
      expect([lying.status, lying.body.error]).toEqual([422, 'chunk_hash_mismatch']);
      // The chunk is what was signed, but the image is named for other bytes.
      const misnamed = sha(randomBytes(8));
      const wrong = await put(misnamed, sha(bytes));
      expect([wrong.status, wrong.body.error]).toEqual([422, 'blob_hash_mismatch']);
      expect(await intake.store.hasBlob(sha(bytes))).toBe(false);
      expect(await intake.store.hasBlob(misnamed)).toBe(false);
      // The same bytes, honestly named: stored whole in one request.
      const honest = await put(sha(bytes), sha(bytes));
      expect([honest.status, honest.body]).toEqual([200, { offset: bytes.length, complete: true }]);
      expect(await intake.store.hasBlob(sha(bytes))).toBe(true);
    });

    it('in a burst of requests written together, each nonce is taken once: the copies sent at the same moment are replays', async () => {
      // No admission limit: 120 requests at once would otherwise be partly turned away busy
      // before their nonces are looked at (admission.test.ts is about that).
      const { intake, station } = await setup({ admission: null });
      // 40 signed requests, each sent three times at once, all together: the nonces of the
      // requests that arrive while one write is on its way go in the next write, copies included.
      const signed = Array.from({ length: 40 }, () => {
        const body = missingBody([sha(randomBytes(8))]);
        const headers = {
          'content-type': 'application/json',
          ...station.signer.headers('POST', INTAKE_MISSING_PATH, body),
        };
        return { body, headers };
      });
      const answers = await Promise.all(
        signed.flatMap(({ body, headers }) =>
          [0, 1, 2].map(() => raw(intake.urls[0]!, 'POST', INTAKE_MISSING_PATH, headers, body)),
        ),
      );
      for (let i = 0; i < signed.length; i++) {
        const three = answers.slice(i * 3, i * 3 + 3);
        expect(three.filter((a) => a.status === 200)).toHaveLength(1);
        expect(three.filter((a) => a.status === 401 && a.body.error === 'replayed_request')).toHaveLength(2);
      }
    });

    it('refuses a nonce replayed on another intake process sharing the data folder', async () => {
      const { intake, station, centralDir } = await setup();
      const second = await startIntakeServer({
        ports: [0],
        dataDir: centralDir,
        ...(await engines.options(centralDir)),
      });
      cleanups.push(() => second.close());
      const body = missingBody([sha(randomBytes(8))]);
      const headers = {
        'content-type': 'application/json',
        ...station.signer.headers('POST', INTAKE_MISSING_PATH, body),
      };
      expect((await raw(intake.urls[0]!, 'POST', INTAKE_MISSING_PATH, headers, body)).status).toBe(200);
      const replay = await raw(second.urls[0]!, 'POST', INTAKE_MISSING_PATH, headers, body);
      expect([replay.status, replay.body.error]).toEqual([401, 'replayed_request']);
    });

    it('refuses a stale timestamp with its time, and the station re-measures and delivers', async () => {
      // The central runs 25 minutes ahead and the station has measured nothing yet.
      const { intake, station, client } = await setup({ clockSkewMs: 25 * 60_000 });
      const body = missingBody([sha(randomBytes(8))]);
      const stale = await raw(
        intake.urls[0]!,
        'POST',
        INTAKE_MISSING_PATH,
        {
          'content-type': 'application/json',
          ...station.signer.headers('POST', INTAKE_MISSING_PATH, body),
        },
        body,
      );
      expect([stale.status, stale.body.error]).toEqual([401, 'stale_request']);
      expect(typeof stale.body.time).toBe('string');
      const e = station.outbox.enqueue(makeActa(station.dataDir, 2));
      if (!e.ok) throw new Error(e.error.messageKey);
      const out = await deliverOverLink(client, e.value, {
        stationId: STATION_ID,
        centralKeyPem: station.centralKeyPem,
      });
      expect(out.kind).toBe('delivered');
      expect(Math.abs(station.signer.centralNowMs() - (Date.now() + 25 * 60_000))).toBeLessThan(2_000);
    });
  });

  /** PUTs the first `n` bytes of an image as the station. */
  async function putStart(
    client: LinkClient,
    img: { sha256: string; size: number; path: string },
    n: number,
  ) {
    const bytes = fs.readFileSync(img.path).subarray(0, n);
    const r = await client.request('PUT', `${INTAKE_BLOBS_PATH}/${img.sha256}?offset=0&size=${img.size}`, {
      headers: { 'x-chunk-sha256': sha(bytes) },
      body: bytes,
    });
    if (!r.ok) throw new Error(r.error.code);
    return { status: r.value.status, body: JSON.parse(r.value.body.toString()) as Raw['body'] };
  }

  describe('partial uploads', () => {
    it('caps what one station holds unfinished, and what all stations hold together', async () => {
      const { intake, station, client, centralDir } = await setup({
        partialLimits: { perStationBytes: 100_000, totalBytes: 110_000 },
      });
      const [a, b] = makeActa(station.dataDir, 1, 60_000, 2).images;
      expect((await putStart(client, a!, 1_000)).status).toBe(200);
      // The same image again continues its partial: no second charge.
      expect((await putStart(client, a!, 2_000)).status).toBe(200);
      expect(await putStart(client, b!, 1_000)).toEqual({ status: 507, body: { error: 'partials_full' } });
      expect(await intake.store.partials.heldBy(STATION_ID)).toBe(60_000);

      // Another station: under its own cap, but the central's total is reached.
      const other = openOther(centralDir);
      const otherClient = new LinkClient({ url: intake.urls[0]!, maxConcurrency: 1 }, other.signer);
      cleanups.push(() => otherClient.close());
      const [c, d] = makeActa(other.dataDir, 3, 60_000, 2).images;
      expect((await putStart(otherClient, c!, 1_000)).status).toBe(507);
      // A finished image no longer counts: the first station completes `a`, the other may begin.
      const whole = fs.readFileSync(a!.path);
      const done = await client.request('PUT', `${INTAKE_BLOBS_PATH}/${a!.sha256}?offset=0&size=${a!.size}`, {
        headers: { 'x-chunk-sha256': sha(whole) },
        body: whole,
      });
      expect(done.ok && JSON.parse(done.value.body.toString())).toEqual({ offset: 60_000, complete: true });
      expect((await putStart(otherClient, d!, 1_000)).status).toBe(200);
    });

    it('deletes partials nobody touched for the configured time, periodically and on start', async () => {
      const centralDir = tempDir('catd-central-');
      const { intake, station, client } = await setup({
        dataDir: centralDir,
        // Long enough that a loaded machine still sees the partial before it expires.
        partialLimits: { expireAfterMs: 1_500, sweepEveryMs: 100 },
      });
      const [img] = makeActa(station.dataDir, 1, 50_000, 1).images;
      expect((await putStart(client, img!, 10_000)).body).toEqual({ offset: 10_000, complete: false });
      const partial = path.join(centralDir, 'partial', img!.sha256);
      expect(fs.existsSync(partial)).toBe(true);
      await expect.poll(() => fs.existsSync(partial), { timeout: 15_000 }).toBe(false);
      expect(await intake.store.missing([img!.sha256])).toEqual([{ sha256: img!.sha256, offset: 0 }]);
      expect(await intake.store.partials.heldBy(STATION_ID)).toBe(0);

      // Left while no intake ran: gone as soon as one starts (its periodic sweep far away).
      expect((await putStart(client, img!, 10_000)).status).toBe(200);
      await intake.close();
      await new Promise((r) => setTimeout(r, 1_700));
      const again = await startIntakeServer({
        ports: [0],
        dataDir: centralDir,
        partialLimits: { expireAfterMs: 1_500, sweepEveryMs: 3_600_000 },
        ...(await engines.options(centralDir)),
      });
      cleanups.push(() => again.close());
      expect(fs.existsSync(partial)).toBe(false);
    });
  });

  /** A second station enrolled at the same central under its own id and key. */
  function openOther(centralDir: string): { dataDir: string; signer: RequestSigner } {
    const dataDir = tempDir('catd-station-');
    const key = loadOrCreateStationKey(dataDir);
    enrolStation(centralDir, 'CATD-OTRA-02', keyFiles(dataDir).publicFile);
    return { dataDir, signer: new RequestSigner(key, 'CATD-OTRA-02', systemClock, new ClockOffsetMeter()) };
  }

  describe('heartbeat freshness', () => {
    it('refuses a heartbeat replayed under a fresh request signature, and one outside the window', async () => {
      const { intake, station, client } = await setup();
      const beat = (at: Date): Buffer => {
        const heartbeat: Heartbeat = {
          protocol: INTAKE_PROTOCOL_VERSION,
          stationId: STATION_ID,
          at: at.toISOString(),
          link: 'primario',
          queue: { pending: 0, dead: 0, delivered: 0 },
          health: {},
          auditHead: station.audit.head(),
        };
        return Buffer.from(
          JSON.stringify({
            heartbeat,
            signature: signBytes(station.key, Buffer.from(canonicalJson(heartbeat))),
          }),
        );
      };
      const send = async (body: Buffer) => {
        const r = await client.request('POST', INTAKE_HEARTBEAT_PATH, {
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (!r.ok) throw new Error(r.error.code);
        return [r.value.status, JSON.parse(r.value.body.toString()).error as string | undefined];
      };
      const first = beat(new Date());
      expect(await send(first)).toEqual([200, undefined]);
      expect(await send(first)).toEqual([409, 'stale_heartbeat']);
      expect(await send(beat(new Date(Date.now() - 60_000)))).toEqual([409, 'stale_heartbeat']);
      const clock = new ManualClock(new Date(Date.now() + 20 * 60_000));
      expect(await send(beat(clock.now()))).toEqual([409, 'stale_heartbeat']);
      expect(await send(beat(new Date(Date.now() + 1_000)))).toEqual([200, undefined]);
      expect(await intake.store.db.get('SELECT count(*) AS n FROM heartbeats')).toEqual({ n: 1 });
    });
  });
});
