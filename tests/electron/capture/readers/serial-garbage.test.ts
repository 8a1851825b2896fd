import { describe, expect, it } from 'vitest';
import { MAX_SCAN_CHARS } from '../../../../electron/capture/readers/reader';
import { startSerialRig } from './serial-rig';

const LABEL = 'PREP|2024|PRES|09|05|1234|B|1|8';

describe('serial code reader: garbage and overlong lines', () => {
  it('flags bytes that are not text (wrong baud, noise) as garbled and keeps working', async () => {
    const rig = await startSerialRig();
    await rig.send(Buffer.from([0xff, 0xfe, 0x80, 0x11, 0x41, 0x0d]));
    await rig.until(() => rig.scans.length === 1, 'garbled scan');
    expect(rig.scans[0]).toMatchObject({ key: { ok: false, error: 'reader.error.garbled' } });
    await rig.send(`${LABEL}\r\n`);
    await rig.until(() => rig.scans.length === 2, 'good scan after garbage');
    expect(rig.scans[1]).toMatchObject({ text: LABEL, key: { ok: true } });
  });

  it('drops STX/ETX framing some readers add', async () => {
    const rig = await startSerialRig();
    await rig.send(Buffer.concat([Buffer.from([0x02]), Buffer.from(LABEL), Buffer.from([0x03, 0x0d])]));
    await rig.until(() => rig.scans.length === 1, 'scan');
    expect(rig.scans[0]).toMatchObject({ text: LABEL, key: { ok: true } });
  });

  it('bounds a line that never ends: reported too long, memory does not grow, next line fine', async () => {
    const rig = await startSerialRig();
    const chunk = 'X'.repeat(1000);
    for (let i = 0; i < 20; i++) await rig.send(chunk); // 20 kB without a line end
    await rig.send('\r\n');
    await rig.until(() => rig.scans.length === 1, 'too-long scan');
    expect(rig.scans[0]).toMatchObject({ key: { ok: false, error: 'reader.error.tooLong' } });
    expect(rig.scans[0]?.text.length).toBe(MAX_SCAN_CHARS);
    await rig.send(`${LABEL}\r\n`);
    await rig.until(() => rig.scans.length === 2, 'good scan after');
    expect(rig.scans[1]).toMatchObject({ text: LABEL, key: { ok: true } });
  });
});
