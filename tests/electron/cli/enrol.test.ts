// The station's half of enrolment from the command line: the central's key installed, the
// station's own key named to carry back; a wrong file refused in words.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';
import { loadOrCreateCentralKey, centralKeyFiles } from '../../../central/keys';
import { loadCentralKey } from '../../../electron/transmit/enrolment';

const catd = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/catd.mjs', ...args], { encoding: 'utf8' });

describe('catd enrol', () => {
  it('installs the central key and names the station key to carry to the central', () => {
    const central = tempDir();
    const key = loadOrCreateCentralKey(central);
    const station = tempDir();
    const r = catd('enrol', '--data', station, '--central-key', centralKeyFiles(central).publicFile);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`huella ${key.fingerprint}`);
    expect(r.stdout).toContain(path.join(station, 'keys', 'station-ed25519.pub'));
    expect(loadCentralKey(station)).toBe(key.publicKeyPem);
  });

  it('refuses a file that is not an Ed25519 public key, and installs nothing', () => {
    const station = tempDir();
    const bad = path.join(station, 'not-a-key.pub');
    fs.writeFileSync(bad, 'hola');
    const r = catd('enrol', '--data', station, '--central-key', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/catd: No se pudo leer/);
    expect(loadCentralKey(station)).toBeNull();
  });

  it('says what is missing', () => {
    const r = catd('enrol', '--data', tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--central-key');
  });
});
