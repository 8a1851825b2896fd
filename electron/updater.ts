// The shell's updater (electron-updater against the CATD's generic HTTPS feed). It only looks,
// reports and does what the core says: download an approved version, check its signed release
// (version, channel and file hash under the project's Ed25519 key, on every platform; Windows
// also checks the code signature: verifyUpdateCodeSignature), report it verified, and install
// only when the core answers that nothing is being scanned or sent. Without a real update key
// installed it stays off and says so.
import electronUpdater from 'electron-updater';
import { app, net } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { releaseUrlFor, UPDATE_CHECK_INTERVAL_MS, UPDATER_SETTINGS } from './shell/update-policy';
import { updateKeyUsable, verifyRelease, type UpdateRelease } from './platform/update-release';
import { sha256File } from './platform/hash';
import type { UpdatePhase } from './platform/shell-contract';

const { autoUpdater } = electronUpdater;

export interface UpdaterHooks {
  report(phase: UpdatePhase, version: string | null, problem?: string | null): void;
  verified(release: UpdateRelease, runningVersion: string): void;
}

function readKey(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function startUpdater(
  feedUrl: string,
  channel: string,
  publicKeyFile: string,
  hooks: UpdaterHooks,
): { download(): void; apply(): void } | null {
  const publicKeyPem = readKey(publicKeyFile);
  if (!updateKeyUsable(publicKeyPem)) {
    hooks.report('disabled', null, 'update.error.noKey');
    return null;
  }
  Object.assign(autoUpdater, UPDATER_SETTINGS);
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  autoUpdater.on('update-available', (info) => hooks.report('available', info.version));
  autoUpdater.on('error', () => hooks.report('failed', null, 'update.error.failed'));
  autoUpdater.on('update-downloaded', (info) => {
    void (async () => {
      hooks.report('verifying', info.version);
      const runningVersion = app.getVersion();
      const checked = verifyRelease(await fetchRelease(info.downloadedFile, feedUrl), {
        publicKeyPem,
        fileSha256: await sha256File(info.downloadedFile),
        version: info.version,
        currentVersion: runningVersion,
        channel,
      });
      if (!checked.ok) {
        fs.rmSync(info.downloadedFile, { force: true });
        hooks.report('rejected', info.version, checked.error);
        return;
      }
      hooks.verified(checked.value, runningVersion);
    })();
  });
  const check = () =>
    void autoUpdater.checkForUpdates().catch(() => hooks.report('failed', null, 'update.error.failed'));
  check();
  setInterval(check, UPDATE_CHECK_INTERVAL_MS).unref();
  return {
    download: () =>
      void autoUpdater.downloadUpdate().catch(() => hooks.report('failed', null, 'update.error.failed')),
    apply: () => autoUpdater.quitAndInstall(true, true),
  };
}

/** `<file>.release.json` from the feed; null when missing or not JSON (then refused as unsigned). */
async function fetchRelease(file: string, feedUrl: string): Promise<unknown> {
  try {
    const res = await net.fetch(releaseUrlFor(path.basename(file), feedUrl));
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}
