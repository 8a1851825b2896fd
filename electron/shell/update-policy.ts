// Update decisions, pure so tests check them without Electron: never download or install on its
// own (the core says when), and only a file whose signed release (electron/platform/
// update-release.ts: version, channel and the file's hash under the project's offline key)
// verifies. The feed's own latest.yml and checksum prove nothing: whoever controls the feed
// controls them.
import { RELEASE_SUFFIX } from '../platform/update-release';

export const UPDATE_CHECK_INTERVAL_MS = 30 * 60_000;

/** electron-updater settings: nothing happens without a supervisor's approval. */
export const UPDATER_SETTINGS = {
  autoDownload: false,
  autoInstallOnAppQuit: false,
  allowDowngrade: false,
  allowPrerelease: false,
  forceDevUpdateConfig: false,
} as const;

/** Where the signed release of a downloaded file is published: beside it in the feed. */
export function releaseUrlFor(fileName: string, feedUrl: string): string {
  return new URL(
    `${encodeURIComponent(fileName)}${RELEASE_SUFFIX}`,
    feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`,
  ).href;
}

/**
 * How a verified update is installed. electron-updater installs a .deb with pkexec, which needs a
 * polkit agent the kiosk (cage, no desktop) does not have: there the shell hands the package to
 * the root-side installer through the spool (electron/platform/update-spool.ts) instead. The
 * AppImage replaces itself and Windows' NSIS elevates through its own service: both stay as they are.
 */
export function updateInstallRoute(s: {
  platform: NodeJS.Platform;
  kiosk: boolean;
  /** electron-builder's `resources/package-type` ("deb", "rpm"...), null when absent. */
  packageType: string | null;
}): 'spool' | 'electron-updater' {
  return s.platform === 'linux' && s.kiosk && s.packageType === 'deb' ? 'spool' : 'electron-updater';
}
