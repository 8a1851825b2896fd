import { describe, expect, it } from 'vitest';
import { startSerialRig } from './serial-rig';

const LABEL = 'PREP|2024|PRES|09|05|1234|B|1|8';

describe('serial code reader: unplug and replug', () => {
  // One retry: once in a clean-clone run (Node 24) the pty's removal was not seen within the wait;
  // not understood yet. A reader that never notices an unplug fails twice.
  it('shows disconnected when the port goes away and reconnects when it returns', { retry: 1 }, async () => {
    const rig = await startSerialRig();
    await rig.send('PREP|20'); // half a line in flight when the cable comes out
    // Give the reader time to buffer the half line even on a loaded machine.
    await new Promise((r) => setTimeout(r, 250));
    await rig.pair.kill();
    await rig.until(() => rig.reader.status().state === 'disconnected', 'disconnected');
    expect(rig.reader.status().lastError).toBe('reader.error.unplugged');
    await rig.until(() => rig.reader.status().lastError === 'reader.error.notFound', 'not found');
    expect(rig.scans).toEqual([
      expect.objectContaining({ key: { ok: false, error: 'reader.error.incomplete' }, text: 'PREP|20' }),
    ]);

    await rig.pair.start();
    await rig.reopenDevice();
    await rig.until(() => rig.reader.status().state === 'connected', 'reconnected');
    await rig.send(`${LABEL}\r\n`);
    await rig.until(() => rig.scans.length === 2, 'scan after replug');
    expect(rig.scans[1]).toMatchObject({ text: LABEL, key: { ok: true } });
    expect(rig.statuses.map((s) => s.state)).toEqual([
      'connected',
      'disconnected',
      'disconnected',
      'connected',
    ]);
  });
});
