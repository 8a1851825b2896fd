// The shell's updater (electron-updater against the CATD's generic HTTPS feed). It only looks,
// reports and does what the core says: download an approved version, check its signed release
// (version, channel and file hash under the project's Ed25519 key, on every platform; Windows
// also checks the code signature: verifyUpdateCodeSignature), report it verified, and install
// only when the core answers that nothing is being scanned or sent. Without a real update key
// installed it stays off and says so. In the Linux kiosk (.deb) it does not install itself
// (pkexec needs a polkit agent cage does not have): it drops the verified package and its signed
// release in the spool, and the root-side installer checks them again and installs
// (electron/platform/update-spool.ts, electron/cli/update-install.ts).
import electronUpdater from 'electron-updater';
import { app, net } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import {
  releaseUrlFor,
  UPDATE_CHECK_INTERVAL_MS,
  UPDATER_SETTINGS,
  updateInstallRoute,
} from './shell/update-policy';
import {
  SignedUpdateReleaseSchema,
  updateKeyUsable,
  verifyRelease,
  type SignedUpdateRelease,
  type UpdateRelease,
} from './platform/update-release';
import { dropInSpool, UPDATE_SPOOL_DIR } from './platform/update-spool';
import { sha256File } from './platform/hash';
import type { UpdatePhase } from './platform/shell-contract';

const { autoUpdater } = electronUpdater;

export interface UpdaterHooks {
  report(phase: UpdatePhase, version: string | null, problem?: string | null): void;
  verified(release: UpdateRelease, runningVersion: string): void;
}

function readText(file: string): string | null {
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
  kiosk: boolean,
): { download(): void; apply(): void } | null {
  const publicKeyPem = readText(publicKeyFile);
  const route = updateInstallRoute({
    platform: process.platform,
    kiosk,
    packageType: readText(path.join(process.resourcesPath, 'package-type'))?.trim() ?? null,
  });
  /** The last verified download and its signed release: what the spool route hands over. */
  let verifiedDownload: { file: string; signed: SignedUpdateRelease } | null = null;
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
      const signed = await fetchRelease(info.downloadedFile, feedUrl);
      const checked = verifyRelease(signed, {
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
      verifiedDownload = { file: info.downloadedFile, signed: SignedUpdateReleaseSchema.parse(signed) };
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
    apply: () => {
      if (route === 'electron-updater') return autoUpdater.quitAndInstall(true, true);
      // The root installer checks it all again, installs, and restarts the kiosk on the new version.
      try {
        if (!verifiedDownload) throw new Error('nothing verified to hand over');
        dropInSpool(UPDATE_SPOOL_DIR, verifiedDownload.file, verifiedDownload.signed);
      } catch {
        hooks.report('failed', null, 'update.error.failed');
      }
    },
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
