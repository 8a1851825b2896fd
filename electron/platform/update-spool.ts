// The hand-off between the kiosk and the root-side installer on Linux (.deb). The kiosk user has
// no polkit agent under cage, so pkexec cannot elevate: instead the shell, after its own checks,
// drops the downloaded .deb and its signed release in a spool folder its group may write; a
// systemd path unit starts a root oneshot (electron/cli/update-install.ts) that checks everything
// again with the key the package installed, installs with dpkg, and writes the outcome to a status
// file that the core reads and the console shows. These paths are repeated in
// build/kiosk/linux/catd-update.{path,service} and kiosk-after-install.sh;
// tests/build/kiosk-install.test.ts checks they agree.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './durable-files';
import { RELEASE_SUFFIX, type SignedUpdateRelease } from './update-release';

/** Root's folder (0755): the status file, and the installer's private work folder. */
export const UPDATE_STATE_DIR = '/var/lib/catd-update';
/** Where the kiosk drops an update: root:catd 0770, never world-writable. */
export const UPDATE_SPOOL_DIR = `${UPDATE_STATE_DIR}/incoming`;
/** The installer's last outcome (root writes it, 0644; the core reads it). */
export const UPDATE_STATUS_FILE = `${UPDATE_STATE_DIR}/status.json`;
/** Root-only copies of what the kiosk dropped: what is checked is what is installed. */
export const UPDATE_WORK_DIR = `${UPDATE_STATE_DIR}/work`;
/** The .deb's package name (package.json "name", as electron-builder names the package). */
export const DEB_PACKAGE = 'catd-workstation';

/** Why the root-side installer refused or failed, beyond the signed release's own checks. */
export type InstallerProblem =
  | 'update.error.spoolFile'
  | 'update.error.package'
  | 'update.error.notInstalled'
  | 'update.error.installFailed';

export const InstallerStatusSchema = z
  .object({
    format: z.literal('catd-update-status/1'),
    outcome: z.enum(['installed', 'refused', 'failed']),
    /** The version the signed release named (null when it could not be read at all). */
    version: z.string().max(64).nullable(),
    file: z.string().max(255).nullable(),
    /** Message key of why, when not installed. */
    problem: z.string().max(64).nullable(),
    /** dpkg's last lines when it failed (for the diagnostic bundle; never shown as is). */
    detail: z.string().max(4000).nullable(),
    at: z.string().datetime(),
  })
  .strict();
export type InstallerStatus = z.infer<typeof InstallerStatusSchema>;

/** The installer's last outcome, or null if there is none or it is not one (never throws). */
export function readInstallerStatus(file: string): InstallerStatus | null {
  try {
    const parsed = InstallerStatusSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeInstallerStatus(file: string, status: InstallerStatus): void {
  writeFileAtomic(file, `${JSON.stringify(status, null, 1)}\n`, 0o644);
}

/**
 * Hands a verified package to the installer: the file first, then its signed release, each
 * written under a dot name and renamed, so the path unit (which waits for `*.release.json`) never
 * sees a half-written pair. The installer ignores dot names.
 */
export function dropInSpool(spoolDir: string, file: string, signed: SignedUpdateRelease): void {
  // Under the name the release signs (the installer requires it), whatever the download was called.
  const name = signed.release.file;
  if (path.basename(name) !== name || name.startsWith('.')) throw new Error(`not a file name: ${name}`);
  const part = (n: string) => path.join(spoolDir, `.${n}.part`);
  fs.copyFileSync(file, part(name));
  fs.renameSync(part(name), path.join(spoolDir, name));
  const manifest = `${name}${RELEASE_SUFFIX}`;
  fs.writeFileSync(part(manifest), JSON.stringify(signed));
  fs.renameSync(part(manifest), path.join(spoolDir, manifest));
}
