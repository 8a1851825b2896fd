// What an update must prove before it is installed, checked without Electron. The attack: the feed
// (or whoever controls it) serves an older build the project really signed as the newest one, or a
// build signed for another channel; a signature over the file alone accepts both.
import { describe, expect, it } from 'vitest';
import { releaseUrlFor, UPDATER_SETTINGS, updateInstallRoute } from '../../../electron/shell/update-policy';
import {
  compareVersions,
  releaseBytes,
  UPDATE_RELEASE_FORMAT,
  verifyRelease,
  type UpdateRelease,
} from '../../../electron/platform/update-release';
import { generateKeyPair, signBytes } from '../../../electron/platform/signing';
import { sha256Hex } from '../../../electron/platform/hash';
import { mayApplyUpdate } from '../../../electron/station/updates';

const projectKey = generateKeyPair();
const build = (v: string) => Buffer.from(`catd-workstation ${v} AppImage bytes`);

function signedRelease(version: string, channel = 'estable', key = projectKey) {
  const release: UpdateRelease = {
    format: UPDATE_RELEASE_FORMAT,
    version,
    channel,
    file: `catd-workstation-${version}.AppImage`,
    sha256: sha256Hex(build(version)),
    releasedAt: '2026-05-01T12:00:00.000Z',
  };
  return { release, signature: signBytes(key, releaseBytes(release)) };
}

/** The station runs 1.0.0 on channel "estable"; the feed offers `offered` with the file `file`. */
function check(signed: unknown, offered: string, file: Buffer, pem: string | null = projectKey.publicKeyPem) {
  return verifyRelease(signed, {
    publicKeyPem: pem,
    fileSha256: sha256Hex(file),
    version: offered,
    currentVersion: '1.0.0',
    channel: 'estable',
  });
}

describe('signed release (version and channel bound to the file)', () => {
  it('accepts a newer build on this channel, signed by the project key', () => {
    expect(check(signedRelease('1.1.0'), '1.1.0', build('1.1.0'))).toMatchObject({
      ok: true,
      value: { version: '1.1.0' },
    });
  });

  it('refuses an older signed build offered as newer (its signed version is its own)', () => {
    // The feed's latest.yml says 9.9.9, but the file and its signed release are 0.9.0.
    expect(check(signedRelease('0.9.0'), '9.9.9', build('0.9.0'))).toEqual({
      ok: false,
      error: 'update.error.versionMismatch',
    });
  });

  it('refuses a replay of an older or the same build, even offered as what it is', () => {
    expect(check(signedRelease('0.9.0'), '0.9.0', build('0.9.0'))).toEqual({
      ok: false,
      error: 'update.error.downgrade',
    });
    expect(check(signedRelease('1.0.0'), '1.0.0', build('1.0.0'))).toEqual({
      ok: false,
      error: 'update.error.downgrade',
    });
  });

  it('refuses a build signed for another channel', () => {
    expect(check(signedRelease('1.1.0', 'pruebas'), '1.1.0', build('1.1.0'))).toEqual({
      ok: false,
      error: 'update.error.channel',
    });
  });

  it('refuses a release whose fields were edited after signing (e.g. the channel or version)', () => {
    const s = signedRelease('1.1.0', 'pruebas');
    expect(check({ ...s, release: { ...s.release, channel: 'estable' } }, '1.1.0', build('1.1.0'))).toEqual({
      ok: false,
      error: 'update.error.signature',
    });
  });

  it('refuses another file than the one signed, another key, garbage, and no key at all', () => {
    expect(check(signedRelease('1.1.0'), '1.1.0', build('1.1.0-tampered'))).toMatchObject({
      error: 'update.error.fileMismatch',
    });
    expect(
      check(signedRelease('1.1.0', 'estable', generateKeyPair()), '1.1.0', build('1.1.0')),
    ).toMatchObject({
      error: 'update.error.signature',
    });
    expect(check(null, '1.1.0', build('1.1.0'))).toMatchObject({ error: 'update.error.signature' });
    expect(check({ release: 'x', signature: '###' }, '1.1.0', build('1.1.0'))).toMatchObject({
      error: 'update.error.signature',
    });
    expect(check(signedRelease('1.1.0'), '1.1.0', build('1.1.0'), null)).toMatchObject({
      error: 'update.error.noKey',
    });
    expect(check(signedRelease('1.1.0'), '1.1.0', build('1.1.0'), 'not a key')).toMatchObject({
      error: 'update.error.noKey',
    });
  });

  it('orders versions by semantic-version precedence', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0-rc.10', '1.0.0-rc.9')).toBe(1);
    expect(compareVersions('2.0.0', '10.0.0')).toBe(-1);
  });

  it('looks for the release beside the file in the feed', () => {
    expect(releaseUrlFor('catd 1.1.0.AppImage', 'https://f.example/catd')).toBe(
      'https://f.example/catd/catd%201.1.0.AppImage.release.json',
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
  it('hands the kiosk .deb to the root-side installer: pkexec has no polkit agent under cage', () => {
    expect(updateInstallRoute({ platform: 'linux', kiosk: true, packageType: 'deb' })).toBe('spool');
    // Outside the kiosk a desktop has a polkit agent; the AppImage and NSIS elevate on their own.
    expect(updateInstallRoute({ platform: 'linux', kiosk: false, packageType: 'deb' })).toBe(
      'electron-updater',
    );
    expect(updateInstallRoute({ platform: 'linux', kiosk: true, packageType: null })).toBe(
      'electron-updater',
    );
    expect(updateInstallRoute({ platform: 'win32', kiosk: true, packageType: null })).toBe(
      'electron-updater',
    );
  });
});
