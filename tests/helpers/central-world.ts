// One intake server on the current engine and stations that deliver to it by link, for the
// central's suites that follow records one by one (standing.test.ts, progress.test.ts).
import { startIntakeServer } from '../../central/server';
import { LinkClient } from '../../electron/transmit/http-client';
import { deliverOverLink } from '../../electron/transmit/protocol';
import type { OutboxEntry, OutboxItem } from '../../electron/transmit/outbox';
import { makeActa, openStationSide } from '../electron/transmit/fixtures';
import type { EngineMatrix } from './central-engines';
import { tempDir } from './temp';

export async function centralWorld(engines: EngineMatrix, cleanups: Array<() => Promise<void> | void>) {
  const centralDir = tempDir('catd-central-');
  const intake = await startIntakeServer({
    ports: [0],
    dataDir: centralDir,
    ...(await engines.options(centralDir)),
  });
  cleanups.push(() => intake.close());
  const side = (stationId: string) => {
    const s = openStationSide(tempDir('catd-station-'), centralDir, undefined, stationId);
    const client = new LinkClient({ url: intake.urls[0]!, maxConcurrency: 1 }, s.signer);
    cleanups.push(
      () => s.close(),
      () => client.close(),
    );
    const enqueue = (item: OutboxItem): OutboxEntry => {
      const r = s.outbox.enqueue(item);
      if (!r.ok) throw new Error(r.error.messageKey);
      return r.value;
    };
    const deliver = (e: OutboxEntry) =>
      deliverOverLink(client, e, { stationId, centralKeyPem: s.centralKeyPem });
    return { s, enqueue, deliver, item: (n: number) => ({ ...makeActa(s.dataDir, n, 4096, 1), stationId }) };
  };
  return { intake, side };
}

/** One station of a centralWorld. */
export type WorldStation = ReturnType<Awaited<ReturnType<typeof centralWorld>>['side']>;
