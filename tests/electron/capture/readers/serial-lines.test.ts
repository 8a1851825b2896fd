import { describe, expect, it } from 'vitest';
import { startSerialRig } from './serial-rig';

const LABEL = 'PREP|2024|PRES|09|05|1234|B|1|8';

describe('serial code reader: lines', () => {
  it('delivers a CR LF terminated label as an acta key', async () => {
    const rig = await startSerialRig();
    await rig.send(`${LABEL}\r\n`);
    await rig.until(() => rig.scans.length === 1, 'one scan');
    expect(rig.scans[0]).toMatchObject({
      text: LABEL,
      driver: 'serial',
      key: { ok: true, value: { seccion: '1234' } },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(rig.scans).toHaveLength(1); // the LF after CR is not a second, empty scan
  });

  it('assembles a line that arrives in pieces, and splits two lines sent together', async () => {
    const rig = await startSerialRig();
    await rig.send('PREP|2024|PR');
    await new Promise((r) => setTimeout(r, 50));
    expect(rig.scans).toHaveLength(0);
    await rig.send('ES|09|05|1234|B|1|8\rPREP|2024|DIP|15|22|0456|C|11|1\r');
    await rig.until(() => rig.scans.length === 2, 'two scans');
    expect(rig.scans.map((s) => s.text)).toEqual([LABEL, 'PREP|2024|DIP|15|22|0456|C|11|1']);
    expect(rig.scans.every((s) => s.key.ok)).toBe(true);
  });

  it('reads the acta key from a printed acopio label, whose QR carries the acopio stamp after it', async () => {
    const rig = await startSerialRig();
    await rig.send(`${LABEL} A|20261202T122107-0600|42|GOEWZ32I\r\n`);
    await rig.until(() => rig.scans.length === 1, 'one scan');
    expect(rig.scans[0]).toMatchObject({ key: { ok: true, value: { seccion: '1234' } } });
  });

  it('honours a configured line ending: LF only', async () => {
    const rig = await startSerialRig({ lineEnding: 'lf' });
    await rig.send(`${LABEL}\r`);
    await new Promise((r) => setTimeout(r, 50));
    expect(rig.scans).toHaveLength(0);
    await rig.send('\n');
    await rig.until(() => rig.scans.length === 1, 'scan at LF');
    expect(rig.scans[0]?.text).toBe(LABEL);
  });

  it('reports a text that is not an acta key with its acta-key error', async () => {
    const rig = await startSerialRig();
    await rig.send('https://example.org/not-a-label\r\n');
    await rig.until(() => rig.scans.length === 1, 'one scan');
    expect(rig.scans[0]).toMatchObject({ key: { ok: false, error: 'actaKey.error.fields' } });
  });

  it('a line broken off mid-way is reported incomplete after a quiet spell, not glued to the next', async () => {
    const rig = await startSerialRig();
    await rig.send('PREP|2024|PRES');
    await rig.until(() => rig.scans.length === 1, 'incomplete scan');
    expect(rig.scans[0]).toMatchObject({
      key: { ok: false, error: 'reader.error.incomplete' },
      text: 'PREP|2024|PRES',
    });
    await rig.send(`${LABEL}\n`);
    await rig.until(() => rig.scans.length === 2, 'next scan');
    expect(rig.scans[1]).toMatchObject({ text: LABEL, key: { ok: true } });
  });
});
