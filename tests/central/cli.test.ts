// `catd central` as a supervisor at the central types it: the `catd` command hands it to the
// central's own program (also under its older name, `catd intake`), with one-line errors, exit 2.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
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
  });
});
