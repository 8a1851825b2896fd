// `catd central` as a supervisor at the central types it: the `catd` command hands it to the
// central's own program (also under its older name, `catd intake`), with one-line errors, exit 2.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startIntakeServer } from '../../central/server';
import { LinkClient } from '../../electron/transmit/http-client';
import { deliverOverLink } from '../../electron/transmit/protocol';
import { makeActa, openStationSide, STATION_ID } from '../electron/transmit/fixtures';
import { tempDir } from '../helpers/temp';

function catd(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/catd.mjs', ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('catd central', () => {
  it('explains a bad port, under either name', () => {
    for (const name of ['central', 'intake']) {
      const r = catd(name, '--port', 'abc');
      expect(r.code).toBe(2);
      expect(r.err).toContain('--port debe ser un número entre 0 y 65535');
    }
  });

  it('refuses a --database that is not PostgreSQL, before touching anything', () => {
    const r = catd('central', '--port', '0', '--database', 'mysql://central/catd');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--database debe ser un URL postgres://');
  });

  it('says what import needs', () => {
    const r = catd('central', 'import', tempDir());
    expect(r.code).toBe(2);
    expect(r.err).toContain('--data DIR');
  });

  it('lists its commands in its own help and in the station help', () => {
    const own = catd('central', '--help');
    expect(own.code).toBe(0);
    expect(own.out).toContain('catd central import CARPETA --data DIR');
    const station = catd('--help');
    expect(station.code).toBe(0);
    expect(station.out).toContain('catd central enrol --station ID');
    expect(own.out).toContain('catd central original request CLAVE_ACTA --by OPERADOR');
  });
});

describe('catd central original', () => {
  it('asks for the originals of an acta sent as copies, lists them, and says plainly what it cannot ask', async () => {
    const centralDir = tempDir('catd-central-');
    const intake = await startIntakeServer({ ports: [0], dataDir: centralDir });
    const station = openStationSide(tempDir('catd-station-'), centralDir);
    const client = new LinkClient({ url: intake.urls[0]!, maxConcurrency: 1 }, station.signer);
    const item = makeActa(station.dataDir, 1, 4096, 2);
    // Both pages travelled as copies of scans the station keeps (their hashes signed as originals).
    const originals = [0, 1].map((i) => createHash('sha256').update(`escaneo ${i}`).digest('hex'));
    const entry = station.outbox.enqueue({
      ...item,
      images: item.images.map((img, i) => ({
        ...img,
        original: { sha256: originals[i]!, size: 5_000_000 },
        encoding: { format: 'jpeg' as const, quality: 60 },
      })),
    });
    if (!entry.ok) throw new Error(entry.error.messageKey);
    expect(
      await deliverOverLink(client, entry.value, {
        stationId: STATION_ID,
        centralKeyPem: station.centralKeyPem,
      }),
    ).toMatchObject({ kind: 'delivered' });
    client.close();
    station.close();
    await intake.close();

    const usage = catd('central', 'original', 'request', entry.value.actaKey, '--data', centralDir);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('--by OPERADOR');
    const asked = catd(
      'central',
      'original',
      'request',
      entry.value.actaKey,
      '--by',
      'ana',
      '--data',
      centralDir,
    );
    expect(asked.err).toBe('');
    expect(asked.code).toBe(0);
    expect(asked.out).toContain(`${entry.value.actaKey}: 2 original(es) pedido(s)`);
    const list = catd('central', 'original', 'list', '--data', centralDir);
    expect(list.code).toBe(0);
    const rows = list.out.trim().split('\n');
    expect(rows).toHaveLength(2);
    for (const [i, sha] of originals.entries())
      expect(rows.find((r) => r.includes(sha))).toBe(
        `${entry.value.actaKey}\tp${i + 1}\t${STATION_ID}\t${sha}\tpedido`,
      );
    const unknown = catd(
      'central',
      'original',
      'request',
      '2024-SEN-09-05-0001-B1',
      '--by',
      'ana',
      '--data',
      centralDir,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('la central no tiene un registro reconocido de esa acta');
  }, 60_000);
});
