// The root-side update installer (Linux .deb), started by catd-update.service whenever a signed
// release appears in the spool (catd-update.path). The kiosk user wrote everything in the spool,
// so all of it is data to check, never to trust: each file is opened without following links,
// must be a plain file with one link, and is copied into root's own work folder first; the copy is
// what is hashed, checked and installed, so changing the spool file meanwhile changes nothing.
// The checks are the shell's own (electron/platform/update-release.ts verifyRelease, against the
// public key the package installed beside this script), plus: the .deb is this product's package
// at the signed version, and newer than what dpkg has installed (no downgrade, no replay). Then
// `dpkg -i`, the outcome in the status file the core reads, and the spool files removed.
//
// Run by Debian's nodejs (the package depends on it): the Electron binary's runAsNode fuse is off
// in production, so the app's own runtime cannot run a script, and turning that fuse on would
// give every local user a Node to run as the app. Bundled whole (zod included) for Node ≥ 18.
//   node catd-update-install.mjs [--spool DIR] [--status FILE] [--work DIR] [--key PUB]
//     [--channel CANAL] [--dpkg-root DIR] [--restart UNIT]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sha256File } from '../platform/hash';
import { err, ok, type Result } from '../platform/result';
import {
  RELEASE_SUFFIX,
  SignedUpdateReleaseSchema,
  verifyRelease,
  type ReleaseProblem,
} from '../platform/update-release';
import {
  DEB_PACKAGE,
  UPDATE_SPOOL_DIR,
  UPDATE_STATUS_FILE,
  UPDATE_WORK_DIR,
  writeInstallerStatus,
  type InstallerProblem,
  type InstallerStatus,
} from '../platform/update-spool';

const MAX_RELEASE_BYTES = 64 * 1024;
/** Far above the package's size (about 100 MB), far below what would fill root's disk. */
const MAX_PACKAGE_BYTES = 1024 * 1024 * 1024;
const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,200}\.deb$/;
/** systemd gives a service a bare environment; dpkg needs the usual tools on PATH. */
const ENV = {
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  DEBIAN_FRONTEND: 'noninteractive',
  LC_ALL: 'C',
};

type Problem = ReleaseProblem | InstallerProblem;
type Outcome = { version: string | null; problem: Problem; detail?: string; failed?: boolean };

interface Options {
  spool: string;
  status: string;
  work: string;
  publicKeyPem: string | null;
  channel: string;
  dpkgRoot: string | null;
  restart: string | null;
}

/** Copies a spool file into root's work folder: no link followed, plain single-link file, capped. */
function copyFromSpool(src: string, dest: string, maxBytes: number): Result<void, InstallerProblem> {
  let fd: number;
  try {
    fd = fs.openSync(src, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return err('update.error.spoolFile'); // a symlink (ELOOP), gone, unreadable
  }
  try {
    const st = fs.fstatSync(fd);
    // A hard link could name a file the kiosk user does not own; a FIFO or device is no package.
    if (!st.isFile() || st.nlink !== 1 || st.size > maxBytes) return err('update.error.spoolFile');
    const out = fs.openSync(dest, 'wx', 0o600);
    try {
      const buf = Buffer.alloc(1024 * 1024);
      let total = 0;
      for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
        total += n;
        if (total > maxBytes) return err('update.error.spoolFile'); // grew while copied
        fs.writeSync(out, buf, 0, n);
      }
    } finally {
      fs.closeSync(out);
    }
    return ok();
  } finally {
    fs.closeSync(fd);
  }
}

function dpkgRootArgs(o: Options): string[] {
  return o.dpkgRoot ? [`--root=${o.dpkgRoot}`] : [];
}

/** The installed version of the product's package, or null. */
function installedVersion(o: Options): string | null {
  const admin = o.dpkgRoot ? [`--admindir=${path.join(o.dpkgRoot, 'var/lib/dpkg')}`] : [];
  const r = spawnSync('dpkg-query', [...admin, '-W', '-f=${Status}\t${Version}', DEB_PACKAGE], {
    encoding: 'utf8',
    env: ENV,
  });
  const [status, version] = r.status === 0 ? r.stdout.split('\t') : [];
  return status === 'install ok installed' && version ? version : null;
}

/** A Debian version back to the semantic version it came from (fpm writes `-` as `~`). */
function semverOf(debVersion: string): string {
  return debVersion.replace(/^\d+:/, '').replace(/~/g, '-');
}

async function checkAndInstall(name: string, o: Options): Promise<Outcome | { installed: string }> {
  const releaseCopy = path.join(o.work, 'release.json');
  const packageCopy = path.join(o.work, 'package.deb');
  if (!PACKAGE_NAME.test(name)) return { version: null, problem: 'update.error.spoolFile' };
  const gotRelease = copyFromSpool(path.join(o.spool, name + RELEASE_SUFFIX), releaseCopy, MAX_RELEASE_BYTES);
  if (!gotRelease.ok) return { version: null, problem: gotRelease.error };
  let signed: unknown = null;
  try {
    signed = JSON.parse(fs.readFileSync(releaseCopy, 'utf8'));
  } catch {
    // Not JSON: refused below as unsigned.
  }
  const parsed = SignedUpdateReleaseSchema.safeParse(signed);
  if (!parsed.success) return { version: null, problem: 'update.error.signature' };
  const version = parsed.data.release.version;
  const gotPackage = copyFromSpool(path.join(o.spool, name), packageCopy, MAX_PACKAGE_BYTES);
  if (!gotPackage.ok) return { version, problem: gotPackage.error };
  const installed = installedVersion(o);
  if (!installed) return { version, problem: 'update.error.notInstalled' };
  const checked = verifyRelease(parsed.data, {
    publicKeyPem: o.publicKeyPem,
    fileSha256: await sha256File(packageCopy),
    version,
    currentVersion: semverOf(installed),
    channel: o.channel,
  });
  if (!checked.ok) return { version, problem: checked.error };
  if (checked.value.file !== name) return { version, problem: 'update.error.fileMismatch' };
  // Signed, so the project built it; still, it must be this product's .deb at the signed version.
  const fields = spawnSync('dpkg-deb', ['--field', packageCopy, 'Package', 'Version'], {
    encoding: 'utf8',
    env: ENV,
  });
  const control = Object.fromEntries(
    fields.stdout.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const debVersion = String(control.Version ?? '');
  if (fields.status !== 0 || control.Package !== DEB_PACKAGE || semverOf(debVersion) !== version)
    return { version, problem: 'update.error.package' };
  // dpkg's own order agrees that it is newer (the semantic-version check ran in verifyRelease).
  const newer = spawnSync('dpkg', ['--compare-versions', debVersion, 'gt', installed], { env: ENV });
  if (newer.status !== 0) return { version, problem: 'update.error.downgrade' };
  const run = spawnSync('dpkg', [...dpkgRootArgs(o), '--force-confold', '-i', packageCopy], {
    encoding: 'utf8',
    env: ENV,
  });
  const nowInstalled = installedVersion(o);
  if (run.status !== 0 || nowInstalled !== debVersion) {
    const detail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-20).join('\n');
    return { version, problem: 'update.error.installFailed', detail, failed: true };
  }
  return { installed: version };
}

function statusOf(name: string, result: Outcome | { installed: string }): InstallerStatus {
  const at = new Date().toISOString();
  if ('installed' in result)
    return {
      format: 'catd-update-status/1',
      outcome: 'installed',
      version: result.installed,
      file: name,
      problem: null,
      detail: null,
      at,
    };
  return {
    format: 'catd-update-status/1',
    outcome: result.failed ? 'failed' : 'refused',
    version: result.version,
    file: name.slice(0, 255),
    problem: result.problem,
    detail: result.detail?.slice(-4000) ?? null,
    at,
  };
}

/** One pass over the spool: each dropped release checked, installed or refused, and removed. */
export async function runInstaller(o: Options): Promise<InstallerStatus[]> {
  const outcomes: InstallerStatus[] = [];
  const manifests = fs
    .readdirSync(o.spool)
    .filter((n) => n.endsWith(RELEASE_SUFFIX) && !n.startsWith('.'))
    .sort();
  for (const manifest of manifests) {
    const name = manifest.slice(0, -RELEASE_SUFFIX.length);
    fs.rmSync(o.work, { recursive: true, force: true });
    fs.mkdirSync(o.work, { mode: 0o700 });
    let status: InstallerStatus;
    try {
      status = statusOf(name, await checkAndInstall(name, o));
    } catch (e) {
      const detail = String(e instanceof Error ? e.message : e);
      status = statusOf(name, { version: null, problem: 'update.error.installFailed', detail, failed: true });
    } finally {
      // unlink removes a planted link itself, never what it points at.
      for (const n of [manifest, name]) fs.rmSync(path.join(o.spool, n), { force: true });
      fs.rmSync(o.work, { recursive: true, force: true });
    }
    writeInstallerStatus(o.status, status);
    outcomes.push(status);
    console.log(`catd-update: ${name}: ${status.outcome}${status.problem ? ` (${status.problem})` : ''}`);
  }
  if (o.restart && outcomes.some((s) => s.outcome === 'installed'))
    spawnSync('systemctl', ['try-restart', o.restart], { stdio: 'inherit', env: ENV });
  return outcomes;
}

function readKey(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      spool: { type: 'string', default: UPDATE_SPOOL_DIR },
      status: { type: 'string', default: UPDATE_STATUS_FILE },
      work: { type: 'string', default: UPDATE_WORK_DIR },
      // resources/update-signing.pub, installed by the package beside resources/update-installer/.
      key: {
        type: 'string',
        default: path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'update-signing.pub'),
      },
      channel: { type: 'string', default: process.env.CATD_UPDATE_CHANNEL ?? 'estable' },
      'dpkg-root': { type: 'string' },
      restart: { type: 'string' },
    },
    strict: true,
  });
  await runInstaller({
    spool: values.spool,
    status: values.status,
    work: values.work,
    publicKeyPem: readKey(values.key),
    channel: values.channel,
    dpkgRoot: values['dpkg-root'] ?? null,
    restart: values.restart ?? null,
  });
}

await main(process.argv.slice(2));
