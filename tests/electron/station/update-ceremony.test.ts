// The update key ceremony (docs/updates.md) with a throwaway key: the script's key and signed
// release verify with the station's own code; the repository holds no key, and a package cannot
// be built without a real one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyRelease } from '../../../electron/platform/update-release';
import { sha256Hex } from '../../../electron/platform/hash';
import { beforePack, updateKeyProblem } from '../../../scripts/require-update-key.mjs';
import { tempDir } from '../../helpers/temp';

const ceremony = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/update-key.mjs', ...args], { encoding: 'utf8' });

/** The placeholder this repository once carried (its private half was never kept). */
const OLD_PLACEHOLDER = 'MCowBQYDK2VwAyEAVuUIo65jLP510DFE/JBfz0clmrnzQuES0PBoipWNcdM=';

describe('update key ceremony', () => {
  it('generates a key whose signed release the station accepts', () => {
    const offline = path.join(tempDir(), 'llave');
    const gen = ceremony('generate', '--out', offline);
    expect(gen.status).toBe(0);
    const pub = fs.readFileSync(path.join(offline, 'update-signing.pub'), 'utf8');
    expect(gen.stdout).toContain(pub.trim()); // printed to copy into build/
    expect(fs.statSync(path.join(offline, 'update-signing.key')).mode & 0o077).toBe(0);
    expect(updateKeyProblem(path.join(offline, 'update-signing.pub'))).toBeNull();

    const file = path.join(tempDir(), 'catd-workstation-1.1.0.AppImage');
    fs.writeFileSync(file, 'AppImage bytes 1.1.0');
    const key = path.join(offline, 'update-signing.key');
    const signed = ceremony(
      'sign',
      '--key',
      key,
      '--file',
      file,
      '--version',
      '1.1.0',
      '--channel',
      'estable',
    );
    expect(signed.status).toBe(0);
    const published = JSON.parse(fs.readFileSync(`${file}.release.json`, 'utf8'));
    expect(
      verifyRelease(published, {
        publicKeyPem: pub,
        fileSha256: sha256Hex(fs.readFileSync(file)),
        version: '1.1.0',
        currentVersion: '1.0.0',
        channel: 'estable',
      }),
    ).toMatchObject({ ok: true, value: { version: '1.1.0', channel: 'estable', file: path.basename(file) } });
    expect(ceremony('verify', '--pub', path.join(offline, 'update-signing.pub'), '--file', file).status).toBe(
      0,
    );
    fs.appendFileSync(file, '!');
    expect(ceremony('verify', '--pub', path.join(offline, 'update-signing.pub'), '--file', file).status).toBe(
      1,
    );
  });

  it('never overwrites a key (rotation is a new key in a new place)', () => {
    const offline = tempDir();
    expect(ceremony('generate', '--out', offline).status).toBe(0);
    const before = fs.readFileSync(path.join(offline, 'update-signing.key'), 'utf8');
    const again = ceremony('generate', '--out', offline);
    expect(again.status).not.toBe(0);
    expect(fs.readFileSync(path.join(offline, 'update-signing.key'), 'utf8')).toBe(before);
  });

  it('refuses to sign a malformed version or channel', () => {
    const offline = tempDir();
    ceremony('generate', '--out', offline);
    const file = path.join(tempDir(), 'f');
    fs.writeFileSync(file, 'x');
    const key = path.join(offline, 'update-signing.key');
    expect(
      ceremony('sign', '--key', key, '--file', file, '--version', 'v1', '--channel', 'estable').status,
    ).toBe(2);
    expect(
      ceremony('sign', '--key', key, '--file', file, '--version', '1.0.1', '--channel', 'Est able').status,
    ).toBe(2);
  });
});

describe('no placeholder update key', () => {
  it('the repository carries no update key, and never the old placeholder', () => {
    const file = 'build/update-signing.pub';
    if (fs.existsSync(file)) expect(fs.readFileSync(file, 'utf8')).not.toContain(OLD_PLACEHOLDER);
    else expect(updateKeyProblem(file)).toMatch(/no existe.*docs\/updates\.md/);
  });

  it('packaging stops with a clear message when the key is missing or not Ed25519', async () => {
    const dir = tempDir();
    expect(updateKeyProblem(path.join(dir, 'none.pub'))).toMatch(/no existe/);
    fs.writeFileSync(path.join(dir, 'bad.pub'), 'not a key');
    expect(updateKeyProblem(path.join(dir, 'bad.pub'))).toMatch(/no es una llave pública válida/);
    if (!fs.existsSync('build/update-signing.pub'))
      await expect(beforePack()).rejects.toThrow(/Sin llave de actualizaciones/);
    const config = JSON.parse(fs.readFileSync('build/electron-builder.json', 'utf8'));
    expect(config.beforePack).toBe('./scripts/require-update-key.mjs');
  });

  it('packaging checks the key the package will carry, wherever the configuration takes it from', async () => {
    const offline = path.join(tempDir(), 'llave');
    expect(ceremony('generate', '--out', offline).status).toBe(0);
    const packager = (extraResources: unknown) => ({
      packager: { projectDir: '/', config: { extraResources } },
    });
    const ships = (from: string) => packager([{ from, to: 'update-signing.pub' }]);
    await expect(beforePack(ships(path.join(offline, 'update-signing.pub')))).resolves.toBeUndefined();
    await expect(beforePack(ships(path.join(offline, 'nada.pub')))).rejects.toThrow(/no existe/);
    await expect(beforePack(packager([]))).rejects.toThrow(/no incluye update-signing.pub/);
  });
});
