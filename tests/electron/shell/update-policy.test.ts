import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPDATER_SETTINGS, updateSignatureValid } from '../../../electron/shell/update-policy';
import { mayApplyUpdate } from '../../../electron/station/updates';
import { tempDir } from '../../helpers/temp';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

describe('update signature (Linux)', () => {
  const project = keyPair();
  const file = Buffer.from('AppImage bytes… version 1.2.0');
  const sig = sign(null, file, project.privateKey).toString('base64');

  it('accepts a file signed by the project key', () => {
    expect(updateSignatureValid(file, sig, project.pem)).toBe(true);
  });
  it('refuses a file changed after signing (a feed with a matching checksum proves nothing)', () => {
    expect(updateSignatureValid(Buffer.concat([file, Buffer.from('!')]), sig, project.pem)).toBe(false);
  });
  it('refuses a file signed by another key', () => {
    const other = keyPair();
    expect(
      updateSignatureValid(file, sign(null, file, other.privateKey).toString('base64'), project.pem),
    ).toBe(false);
  });
  it('refuses garbage instead of throwing', () => {
    expect(updateSignatureValid(file, 'not base64 at all ###', project.pem)).toBe(false);
    expect(updateSignatureValid(file, sig, 'not a key')).toBe(false);
  });
  it('verifies what the release tool signs', () => {
    const dir = tempDir();
    expect(spawnSync(process.execPath, ['scripts/sign-update.mjs', '--new-key', dir]).status).toBe(0);
    const target = path.join(dir, 'catd-workstation-1.2.0.AppImage');
    fs.writeFileSync(target, file);
    expect(
      spawnSync(process.execPath, ['scripts/sign-update.mjs', target, path.join(dir, 'update-signing.key')])
        .status,
    ).toBe(0);
    const pub = fs.readFileSync(path.join(dir, 'update-signing.pub'), 'utf8');
    expect(updateSignatureValid(fs.readFileSync(target), fs.readFileSync(`${target}.sig`, 'utf8'), pub)).toBe(
      true,
    );
  });
});

describe('update policy', () => {
  it('never downloads or installs by itself', () => {
    expect(UPDATER_SETTINGS.autoDownload).toBe(false);
    expect(UPDATER_SETTINGS.autoInstallOnAppQuit).toBe(false);
    expect(UPDATER_SETTINGS.allowDowngrade).toBe(false);
  });
  it('refuses while an acta is being scanned or sent', () => {
    expect(mayApplyUpdate([])).toMatchObject({ ok: true });
    expect(mayApplyUpdate(['scanning'])).toMatchObject({ ok: false, error: { busy: ['scanning'] } });
  });
});
