// A page crosses the CATD's link only when the central wants it (Expect: 100-continue for bodies of
// 64 KiB or more: electron/transmit/http-client.ts, central/expect-continue.ts). Measured on the
// wire, by a proxy between the station and a real central that counts the bytes the station sends:
// a busy node and a refused signature cost the headers, not the page; a node with room takes the
// page and the acta arrives; a server that ignores Expect still gets the body, a second later.
import net from 'node:net';
import http from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { startIntakeServer } from '../../../central/server';
import {
  CONTINUE_WAIT_MS,
  EXPECT_CONTINUE_MIN_BYTES,
  LinkClient,
} from '../../../electron/transmit/http-client';
import { deliverOverLink } from '../../../electron/transmit/protocol';
import { INTAKE_MISSING_PATH } from '../../../shared/intake';
import { tempDir } from '../../helpers/temp';
import { holdAdmissionPlaces } from '../../helpers/hold-admission';
import { makeActa, openStationSide, STATION_ID } from './fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const PAGE_BYTES = 300 * 1024;

/** A TCP proxy to `port` that counts what clients send through it and keeps what they are told. */
async function countingProxy(port: number): Promise<{ url: string; sent: () => number; told: () => string }> {
  let sent = 0;
  let told = '';
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    client.on('data', (c: Buffer) => (sent += c.length));
    upstream.on('data', (c: Buffer) => (told += c.toString('latin1')));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    sent: () => sent,
    told: () => told,
  };
}

it('a busy central and a refused signature cost the page nothing on the link; with room the acta arrives', async () => {
  const centralDir = tempDir('catd-central-');
  const intake = await startIntakeServer({
    ports: [0],
    dataDir: centralDir,
    admission: { startAt: 4, ceiling: 16 },
  });
  cleanups.push(() => intake.close());
  const proxy = await countingProxy(Number(new URL(intake.urls[0]!).port));
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const queued = station.outbox.enqueue(makeActa(station.dataDir, 1, PAGE_BYTES, 1));
  if (!queued.ok) throw new Error(queued.error.messageKey);
  const opts = { stationId: STATION_ID, centralKeyPem: station.centralKeyPem };
  const client = new LinkClient({ url: proxy.url, maxConcurrency: 2 }, station.signer);
  cleanups.push(() => client.close());

  // Four signed requests whose bodies never finish arriving hold the node's four places.
  const held = holdAdmissionPlaces(intake.urls[0]!, station.signer, 4);
  cleanups.push(() => held.forEach((r) => r.destroy()));
  const probe = () =>
    new Promise<number>((resolve) => {
      const req = http.request(`${intake.urls[0]}${INTAKE_MISSING_PATH}`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.end('{}');
    });
  await expect.poll(probe, { timeout: 10_000 }).toBe(503);
  const busyBefore = intake.busyAnswers()!.start;

  // The first attempt sends the page at once (one chunk): the node, full, answers busy before it.
  const busy = await deliverOverLink(client, queued.value, opts);
  expect(busy).toMatchObject({ kind: 'retry', error: 'transmit.error.busy' });
  expect(intake.busyAnswers()!.start).toBe(busyBefore + 1);
  expect(proxy.sent()).toBeGreaterThan(0);
  expect(proxy.sent()).toBeLessThan(8 * 1024);
  const CONTINUE = 'HTTP/1.1 100 Continue';
  expect(proxy.told()).not.toContain(CONTINUE);

  // Room again: the page crosses once, and the central holds the acta.
  for (const r of held) r.destroy();
  const before = proxy.sent();
  await expect
    .poll(async () => (await deliverOverLink(client, queued.value, opts)).kind, { timeout: 10_000 })
    .toBe('delivered');
  expect(proxy.told()).toContain(CONTINUE);
  expect(proxy.sent() - before).toBeGreaterThan(PAGE_BYTES);
  expect(proxy.sent() - before).toBeLessThan(PAGE_BYTES + 16 * 1024);
  expect((await intake.store.delivered()).map((d) => d.actaKey)).toEqual([queued.value.actaKey]);

  // A station this central does not know: refused on its signature, before its page is sent.
  const stranger = openStationSide(
    tempDir('catd-station-'),
    tempDir('catd-other-central-'),
    undefined,
    'CATD-OTRA-01',
  );
  cleanups.push(() => stranger.close());
  const item = stranger.outbox.enqueue({
    ...makeActa(stranger.dataDir, 2, PAGE_BYTES, 1),
    stationId: 'CATD-OTRA-01',
  });
  if (!item.ok) throw new Error(item.error.messageKey);
  const strangerClient = new LinkClient({ url: proxy.url, maxConcurrency: 2 }, stranger.signer);
  cleanups.push(() => strangerClient.close());
  const sentBefore = proxy.sent();
  const toldBefore = proxy.told().length;
  const refused = await deliverOverLink(strangerClient, item.value, {
    stationId: 'CATD-OTRA-01',
    centralKeyPem: stranger.centralKeyPem,
  });
  expect(refused.kind).not.toBe('delivered');
  expect(proxy.sent() - sentBefore).toBeLessThan(8 * 1024);
  expect(proxy.told().slice(toldBefore)).not.toContain(CONTINUE);
});

it('sends the body anyway to a server that ignores Expect, and small bodies without asking', async () => {
  const got: Array<{ expect: string | undefined; bytes: number }> = [];
  // A bare HTTP/1.1 server that never sends 100 Continue: it reads the declared body, then answers.
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const text = buf.subarray(0, head).toString();
      const length = Number(/content-length: *(\d+)/i.exec(text)?.[1] ?? 0);
      if (buf.length - head - 4 < length) return;
      got.push({ expect: /expect: *([^\r]+)/i.exec(text)?.[1], bytes: length });
      buf = buf.subarray(head + 4 + length);
      sock.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
    });
    sock.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  const client = new LinkClient({
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    maxConcurrency: 1,
  });
  cleanups.push(() => client.close());

  const t0 = performance.now();
  const big = await client.request('PUT', '/x', { body: Buffer.alloc(EXPECT_CONTINUE_MIN_BYTES, 7) });
  const waited = performance.now() - t0;
  expect(big.ok && big.value.status).toBe(200);
  expect(waited).toBeGreaterThanOrEqual(CONTINUE_WAIT_MS - 50);
  const small = await client.request('PUT', '/y', { body: Buffer.alloc(EXPECT_CONTINUE_MIN_BYTES - 1, 7) });
  expect(small.ok && small.value.status).toBe(200);
  expect(got).toEqual([
    { expect: '100-continue', bytes: EXPECT_CONTINUE_MIN_BYTES },
    { expect: undefined, bytes: EXPECT_CONTINUE_MIN_BYTES - 1 },
  ]);
});
