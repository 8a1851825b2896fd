// CATD_PG_POOL, an operator's setting: 8 when unset, a whole number from 1 to 64, anything else
// refused with the variable's name and the value given.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pgPoolSize } from '../../central/db';

describe('CATD_PG_POOL', () => {
  it('is 8 unset, and takes 1 to 64', () => {
    expect(pgPoolSize(undefined)).toBe(8);
    expect(pgPoolSize('')).toBe(8);
    expect(pgPoolSize('4')).toBe(4);
    expect(pgPoolSize('64')).toBe(64);
  });
  it('refuses anything else, saying what it got', () => {
    for (const bad of ['0', '65', '2.5', 'ocho', '-1'])
      expect(() => pgPoolSize(bad)).toThrow(`CATD_PG_POOL debe ser un entero de 1 a 64 (recibido: «${bad}»)`);
  });

  it('stops `catd central` with one line and exit code 2, before it touches the database', () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-pool-'));
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'central/main.ts',
        '--port',
        '0',
        '--data',
        data,
        '--database',
        'postgres://catd@127.0.0.1:1/catd',
      ],
      { env: { ...process.env, CATD_PG_POOL: 'ocho' }, encoding: 'utf8', timeout: 30_000 },
    );
    fs.rmSync(data, { recursive: true, force: true });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('catd: CATD_PG_POOL debe ser un entero de 1 a 64 (recibido: «ocho»)');
  });
});
