// The `catd` command as an operator or technician types it: clear one-line errors, exit code 2.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';

function catd(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/catd.mjs', ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('catd command line', () => {
  it('explains a bad port', () => {
    const r = catd('start', '--port', 'abc', '--data', tempDir());
    expect(r.code).toBe(2);
    expect(r.err).toContain('--port debe ser un número entre 0 y 65535');
  });

  it('names the wrong field of a bad config and starts nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ mode: 'produccion' }));
    const r = catd('start', '--data', dir, '--config', file, '--port', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Configuración inválida .*bad\.json/);
    expect(r.err).toContain('mode');
    expect(fs.existsSync(path.join(dir, 'catd.sqlite'))).toBe(false);
  });

  it('refuses an unknown flag or command with a pointer to --help', () => {
    const flag = catd('start', '--prot', '1');
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('--help');
    const cmd = catd('arranca');
    expect(cmd.code).toBe(2);
    expect(cmd.err).toContain('orden desconocida «arranca»');
  });

  it('prints the effective configuration, creating the default file', () => {
    const dir = tempDir();
    const r = catd('config', '--data', dir);
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.out) as { file: string; config: { mode: string } };
    expect(shown.file).toBe(path.join(dir, 'config.json'));
    expect(shown.config.mode).toBe('simulated');
  });
});
