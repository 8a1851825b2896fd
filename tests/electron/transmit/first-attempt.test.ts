// The requests one acta costs the central. On a first attempt whose pages each fit in one chunk the
// station sends the pages and the manifest without asking first which images the central lacks
// (a third of the central's requests on a night of small pages); a later attempt asks, and sends
// only what is missing. Against the real reference central, which keeps each page once.
import { afterEach, expect, it } from 'vitest';
import { startIntakeServer } from '../../../central/server';
import { LinkClient, type HttpResult, type RequestOptions } from '../../../electron/transmit/http-client';
import { deliverOverLink } from '../../../electron/transmit/protocol';
import { tempDir } from '../../helpers/temp';
import { makeActa, openStationSide, STATION_ID } from './fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** What the central is asked, in order. */
class CountingClient extends LinkClient {
  readonly asked: string[] = [];
  override request(method: string, pathAndQuery: string, opts?: RequestOptions): Promise<HttpResult> {
    this.asked.push(`${method} ${pathAndQuery.split('?')[0]!.replace(/[0-9a-f]{64}/, 'SHA')}`);
    return super.request(method, pathAndQuery, opts);
  }
}

it('sends small pages at once on a first attempt, and asks first on a retry or for a large page', async () => {
  const centralDir = tempDir('catd-central-');
  const intake = await startIntakeServer({ ports: [0], dataDir: centralDir });
  cleanups.push(() => intake.close());
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  const opts = { stationId: STATION_ID, centralKeyPem: station.centralKeyPem, chunkBytes: 64 * 1024 };
  const client = () => {
    const c = new CountingClient({ url: intake.urls[0]!, maxConcurrency: 2 }, station.signer);
    cleanups.push(() => c.close());
    return c;
  };

  const small = station.outbox.enqueue(makeActa(station.dataDir, 1, 20_000, 2));
  if (!small.ok) throw new Error(small.error.messageKey);
  const first = client();
  expect((await deliverOverLink(first, small.value, opts)).kind).toBe('delivered');
  expect(first.asked).toEqual(['PUT /v2/blobs/SHA', 'PUT /v2/blobs/SHA', 'POST /v2/manifests']);

  // A retry of the same acta (its answer was lost, say): asks, sends nothing again, same receipt.
  const retry = client();
  const again = await deliverOverLink(retry, { ...small.value, attempts: 1 }, opts);
  expect(again).toMatchObject({ kind: 'delivered', replayed: true });
  expect(retry.asked).toEqual(['POST /v2/blobs/missing', 'POST /v2/manifests']);

  // A page larger than a chunk: asked first, so an upload the central began is resumed, not redone.
  const large = station.outbox.enqueue(makeActa(station.dataDir, 2, 100_000, 1));
  if (!large.ok) throw new Error(large.error.messageKey);
  const big = client();
  expect((await deliverOverLink(big, large.value, opts)).kind).toBe('delivered');
  expect(big.asked).toEqual([
    'POST /v2/blobs/missing',
    'PUT /v2/blobs/SHA',
    'PUT /v2/blobs/SHA',
    'POST /v2/manifests',
  ]);
  expect(await intake.store.delivered()).toHaveLength(2);
});
