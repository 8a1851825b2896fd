// One signed heartbeat from an enrolled station (its key in `dir`, as the night-load generator and
// `catd` keep it), with the queue and health the test chooses: what the central's screens read
// (queue depth, clock offset, rejections). The same protocol code as the station's transmitter.
import { canonicalJson } from '../../electron/platform/canonical-json';
import { signBytes } from '../../electron/platform/signing';
import { systemClock } from '../../electron/platform/clock';
import { loadOrCreateStationKey } from '../../electron/security/station-key';
import { ClockOffsetMeter } from '../../electron/transmit/clock-offset';
import { LinkClient } from '../../electron/transmit/http-client';
import { RequestSigner } from '../../electron/transmit/request-signer';
import { INTAKE_HEARTBEAT_PATH, INTAKE_PROTOCOL_VERSION, type Heartbeat } from '../../shared/intake';

export async function sendHeartbeat(
  url: string,
  station: { id: string; dir: string },
  what: { queue: Heartbeat['queue']; health?: Record<string, unknown>; link?: string },
): Promise<number> {
  const key = loadOrCreateStationKey(station.dir);
  const client = new LinkClient(
    { url, maxConcurrency: 1 },
    new RequestSigner(key, station.id, systemClock, new ClockOffsetMeter()),
  );
  const hb: Heartbeat = {
    protocol: INTAKE_PROTOCOL_VERSION,
    stationId: station.id,
    at: new Date().toISOString(),
    link: what.link ?? 'primario',
    queue: what.queue,
    health: what.health ?? {},
    // seq 0: an empty chain, which anchors nothing (the night's own heads stay the anchors).
    auditHead: { seq: 0, hash: '0'.repeat(64) },
  };
  try {
    const r = await client.request('POST', INTAKE_HEARTBEAT_PATH, {
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(
        JSON.stringify({ heartbeat: hb, signature: signBytes(key, Buffer.from(canonicalJson(hb))) }),
      ),
    });
    return r.ok ? r.value.status : 0;
  } finally {
    client.close();
  }
}
