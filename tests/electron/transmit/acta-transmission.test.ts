// The bridge between the acta workflow and the outbox, with a real core and a real outbox: a held
// acta does not leave, a released one leaves once, an annulled one never.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestStation, type TestStation } from '../../helpers/core';
import { ActaTransmission } from '../../../electron/transmit/acta-transmission';
import { createMemoryLogger } from '../../../electron/platform/logger';
import type { ActaSummary } from '../../../shared/workflow';

let st: TestStation | undefined;
afterEach(async () => {
  await st?.stop();
  st = undefined;
});

const KEY = '2024-PRES-09-05-1234-B1';
function fakeActa(held = false): ActaSummary {
  return { id: 1, keyId: KEY, held } as ActaSummary;
}

describe('acta transmission bridge', () => {
  it('holds, releases once, and never sends an annulled acta', async () => {
    st = await startTestStation();
    const { outbox, workflow, blobs } = st.core.services;
    const bridge = new ActaTransmission(workflow, outbox, blobs, createMemoryLogger());
    // An entry already waiting for this acta (enqueued by the verification).
    const at = { utc: new Date().toISOString(), offsetMinutes: -360 };
    const fs = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const img = `${st.dataDir}/img.png`;
    fs.writeFileSync(img, 'bytes');
    outbox.enqueue({
      actaKey: KEY,
      images: [{ sha256: createHash('sha256').update('bytes').digest('hex'), size: 5, path: img }],
      times: { receivedAt: at, scannedAt: at, verifiedAt: at },
      stationId: 'CATD-SIM-01',
      operatorId: 'operador1',
    });
    const due = () => outbox.due(Date.now() + 1000, 10, new Set()).length;
    expect(due()).toBe(1);
    bridge.onHeld(fakeActa(true));
    expect(due()).toBe(0);
    bridge.onQueued(fakeActa());
    expect(due()).toBe(1);
    expect(outbox.counts().pending).toBe(1); // released, not enqueued a second time
    bridge.onAnnulled(fakeActa());
    expect(due()).toBe(0);
    bridge.onQueued(fakeActa()); // an annulled entry is not revived
    expect(due()).toBe(0);
  });
});
