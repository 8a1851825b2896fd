// The shell's updater (electron-updater against the CATD's generic HTTPS feed). It only looks and
// reports; a supervisor approves in the console (checked by the core); then it downloads, and on
// Linux installs only what the project's Ed25519 key signed (Windows checks the code signature
// itself: verifyUpdateCodeSignature in build/electron-builder.json).
import electronUpdater from 'electron-updater';
import { net } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { UPDATE_CHECK_INTERVAL_MS, UPDATER_SETTINGS, updateSignatureValid } from './shell/update-policy';
import type { UpdatePhase } from './platform/shell-contract';

const { autoUpdater } = electronUpdater;

export interface UpdaterHooks {
  report(phase: UpdatePhase, version: string | null, problem?: string | null): void;
}

export function startUpdater(
  feedUrl: string,
  publicKeyFile: string,
  hooks: UpdaterHooks,
): { install(): void } {
  Object.assign(autoUpdater, UPDATER_SETTINGS);
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  autoUpdater.on('update-available', (info) => hooks.report('available', info.version));
  autoUpdater.on('error', () => hooks.report('failed', null, 'update.error.failed'));
  autoUpdater.on('update-downloaded', (info) => {
    void (async () => {
      hooks.report('verifying', info.version);
      if (
        process.platform === 'linux' &&
        !(await signedByProject(info.downloadedFile, feedUrl, publicKeyFile))
      ) {
        fs.rmSync(info.downloadedFile, { force: true });
        hooks.report('rejected', info.version, 'update.error.signature');
        return;
      }
      hooks.report('installing', info.version);
      autoUpdater.quitAndInstall(true, true);
    })();
  });
  const check = () =>
    void autoUpdater.checkForUpdates().catch(() => hooks.report('failed', null, 'update.error.failed'));
  check();
  setInterval(check, UPDATE_CHECK_INTERVAL_MS).unref();
  return {
    install: () =>
      void autoUpdater.downloadUpdate().catch(() => hooks.report('failed', null, 'update.error.failed')),
  };
}

/** The detached signature `<file>.sig` published beside the update, checked with the bundled key. */
async function signedByProject(file: string, feedUrl: string, publicKeyFile: string): Promise<boolean> {
  try {
    const sigUrl = new URL(`${path.basename(file)}.sig`, feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`);
    const res = await net.fetch(sigUrl.href);
    if (!res.ok) return false;
    return updateSignatureValid(
      fs.readFileSync(file),
      await res.text(),
      fs.readFileSync(publicKeyFile, 'utf8'),
    );
  } catch {
    return false;
  }
}
