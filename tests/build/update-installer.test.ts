// The kiosk's updates without pkexec, for real (as root): a tiny .deb built here with dpkg-deb,
// signed with the key ceremony script, served on loopback as the feed, fetched and checked as the
// shell does and handed over through the spool (electron/platform/update-spool.ts); then the
// root-side installer, bundled as the package bundles it, installs it with dpkg into a scratch
// dpkg root (never this machine's packages). And what a compromised kiosk could drop instead — a
// tampered package, a release signed by another key, an older or same version, another channel,
// another package, a link to a file elsewhere — each refused, nothing installed, the status saying why.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildUpdateInstaller } from '../../scripts/deb-scripts.mjs';
import { verifyRelease } from '../../electron/platform/update-release';
import { sha256File } from '../../electron/platform/hash';
import {
  DEB_PACKAGE,
  dropInSpool,
  readInstallerStatus,
  type InstallerStatus,
} from '../../electron/platform/update-spool';

const ROOT = path.resolve(__dirname, '..', '..');
const root = process.getuid?.() === 0;
const dpkg = spawnSync('dpkg-deb', ['--version']).status === 0;

let work: string;
let installer: string;
let feed: string;
let server: http.Server;
let feedUrl: string;
/** Per test: the scratch dpkg root (1.0.0 installed), the spool, the status file. */
let scratch: string;
let spool: string;
let statusFile: string;

const projectKey = () => path.join(work, 'project-key');
const otherKey = () => path.join(work, 'other-key');

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A real .deb: one file whose content is its version, so an install shows on disk. */
function makeDeb(version: string, pkg = DEB_PACKAGE, postinst?: string): string {
  const stage = fs.mkdtempSync(path.join(work, 'stage-'));
  fs.mkdirSync(path.join(stage, 'DEBIAN'));
  fs.mkdirSync(path.join(stage, 'opt/catd-test'), { recursive: true });
  fs.writeFileSync(
    path.join(stage, 'DEBIAN/control'),
    `Package: ${pkg}\nVersion: ${version}\nArchitecture: all\nMaintainer: Prueba <p@example.invalid>\nDescription: paquete de prueba\n`,
  );
  fs.writeFileSync(path.join(stage, 'opt/catd-test/VERSION'), `${version}\n`);
  if (postinst) fs.writeFileSync(path.join(stage, 'DEBIAN/postinst'), postinst, { mode: 0o755 });
  const deb = path.join(feed, `${pkg}_${version}_all.deb`);
  run('dpkg-deb', ['--root-owner-group', '-Znone', '--build', stage, deb]);
  return deb;
}

function sign(deb: string, version: string, keyDir = projectKey(), channel = 'estable'): void {
  run(process.execPath, [
    'scripts/update-key.mjs',
    'sign',
    '--key',
    path.join(keyDir, 'update-signing.key'),
    '--file',
    deb,
    '--version',
    version,
    '--channel',
    channel,
  ]);
}

/** What the shell does: download the file and its signed release, verify, hand both over. */
async function shellHandsOver(name: string, runningVersion: string): Promise<void> {
  const downloads = fs.mkdtempSync(path.join(work, 'downloads-'));
  // The download's own name does not matter: the spool gets the name the release signs.
  const file = path.join(downloads, 'pending-update');
  fs.writeFileSync(file, Buffer.from(await (await fetch(`${feedUrl}/${name}`)).arrayBuffer()));
  const signed = await (await fetch(`${feedUrl}/${name}.release.json`)).json();
  const checked = verifyRelease(signed, {
    publicKeyPem: fs.readFileSync(path.join(projectKey(), 'update-signing.pub'), 'utf8'),
    fileSha256: await sha256File(file),
    version: signed.release.version,
    currentVersion: runningVersion,
    channel: 'estable',
  });
  expect(checked.ok).toBe(true);
  dropInSpool(spool, file, signed);
}

/** What a compromised kiosk could do: put any bytes in the spool, skipping the shell's checks. */
function plant(deb: string): void {
  fs.copyFileSync(deb, path.join(spool, path.basename(deb)));
  fs.copyFileSync(`${deb}.release.json`, path.join(spool, `${path.basename(deb)}.release.json`));
}

function runInstaller(): void {
  run(process.execPath, [
    installer,
    '--spool',
    spool,
    '--status',
    statusFile,
    '--work',
    path.join(work, 'installer-work'),
    '--key',
    path.join(projectKey(), 'update-signing.pub'),
    '--channel',
    'estable',
    '--dpkg-root',
    scratch,
  ]);
}

function installedVersion(): string {
  return run('dpkg-query', [
    `--admindir=${path.join(scratch, 'var/lib/dpkg')}`,
    '-W',
    '-f=${Version}',
    DEB_PACKAGE,
  ]);
}

function expectNothingInstalled(problem: string): InstallerStatus {
  expect(installedVersion()).toBe('1.0.0');
  expect(fs.readFileSync(path.join(scratch, 'opt/catd-test/VERSION'), 'utf8')).toBe('1.0.0\n');
  const status = readInstallerStatus(statusFile)!;
  expect(status).toMatchObject({ outcome: 'refused', problem });
  expect(fs.readdirSync(spool)).toEqual([]);
  return status;
}

describe.skipIf(!root || !dpkg)('root-side update installer', () => {
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-update-installer-'));
    feed = path.join(work, 'feed');
    fs.mkdirSync(feed);
    installer = await buildUpdateInstaller(path.join(work, 'bundle', 'catd-update-install.mjs'));
    for (const k of [projectKey(), otherKey()])
      run(process.execPath, ['scripts/update-key.mjs', 'generate', '--out', k]);
    server = http.createServer((req, res) => {
      const file = path.join(feed, path.basename(decodeURIComponent(req.url ?? '')));
      if (!fs.existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    fs.rmSync(work, { recursive: true, force: true });
  });

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(work, 'root-'));
    const admin = path.join(scratch, 'var/lib/dpkg');
    for (const d of ['info', 'updates']) fs.mkdirSync(path.join(admin, d), { recursive: true });
    for (const f of ['status', 'available']) fs.writeFileSync(path.join(admin, f), '');
    const base = path.join(feed, `${DEB_PACKAGE}_1.0.0_all.deb`);
    run('dpkg', [`--root=${scratch}`, '-i', fs.existsSync(base) ? base : makeDeb('1.0.0')]);
    spool = fs.mkdtempSync(path.join(work, 'incoming-'));
    fs.chmodSync(spool, 0o770);
    statusFile = path.join(scratch, 'status.json');
  });

  it('installs the newer signed package the shell fetched from the feed and handed over', async () => {
    sign(makeDeb('1.1.0'), '1.1.0');
    await shellHandsOver(`${DEB_PACKAGE}_1.1.0_all.deb`, '1.0.0');
    runInstaller();
    expect(installedVersion()).toBe('1.1.0');
    expect(fs.readFileSync(path.join(scratch, 'opt/catd-test/VERSION'), 'utf8')).toBe('1.1.0\n');
    expect(readInstallerStatus(statusFile)).toMatchObject({
      outcome: 'installed',
      version: '1.1.0',
      problem: null,
    });
    expect(fs.readdirSync(spool)).toEqual([]);
    expect(fs.statSync(statusFile).mode & 0o777).toBe(0o644); // the kiosk reads it, never writes it
  });

  it('refuses a package changed after signing', () => {
    const deb = makeDeb('1.1.1');
    sign(deb, '1.1.1');
    const bytes = fs.readFileSync(deb);
    const at = bytes.lastIndexOf(Buffer.from('1.1.1\n'));
    bytes.write('9', at + 4); // the payload now says 1.1.9; same size
    fs.writeFileSync(deb, bytes);
    plant(deb);
    runInstaller();
    expectNothingInstalled('update.error.fileMismatch');
  });

  it('refuses a release signed by another key', () => {
    const deb = makeDeb('1.1.2');
    sign(deb, '1.1.2', otherKey());
    plant(deb);
    runInstaller();
    expectNothingInstalled('update.error.signature');
  });

  it('refuses an older or the same version, though really signed (no downgrade, no replay)', () => {
    for (const v of ['0.9.0', '1.0.0']) {
      const deb = path.join(feed, `${DEB_PACKAGE}_${v}_all.deb`);
      if (!fs.existsSync(deb)) makeDeb(v);
      sign(deb, v);
      plant(deb);
      runInstaller();
      expect(expectNothingInstalled('update.error.downgrade').version).toBe(v);
    }
  });

  it('refuses a release for another channel, and a signed package that is not the station', () => {
    const other = makeDeb('1.1.3');
    sign(other, '1.1.3', projectKey(), 'pruebas');
    plant(other);
    runInstaller();
    expectNothingInstalled('update.error.channel');
    const foreign = makeDeb('1.1.4', 'otro-paquete');
    sign(foreign, '1.1.4');
    plant(foreign);
    runInstaller();
    expectNothingInstalled('update.error.package');
  });

  it("reports dpkg's failure in the status, with dpkg's own words", () => {
    // Signed and newer, but its after-install fails (as a missing dependency or a full disk would
    // make dpkg fail): in the scratch root it cannot even start, there being no shell there.
    const deb = makeDeb('1.1.6', DEB_PACKAGE, '#!/bin/sh\nexit 1\n');
    sign(deb, '1.1.6');
    plant(deb);
    runInstaller();
    const status = readInstallerStatus(statusFile)!;
    expect(status).toMatchObject({
      outcome: 'failed',
      version: '1.1.6',
      problem: 'update.error.installFailed',
    });
    expect(status.detail).toMatch(/post-installation script[\s\S]*error processing package catd-workstation/);
    expect(fs.readdirSync(spool)).toEqual([]);
  });

  it('refuses a symbolic or hard link planted in the spool, and removes only the link', () => {
    const deb = makeDeb('1.1.5');
    sign(deb, '1.1.5');
    const name = path.basename(deb);
    // The package is a link to a genuine signed package elsewhere.
    fs.symlinkSync(deb, path.join(spool, name));
    fs.copyFileSync(`${deb}.release.json`, path.join(spool, `${name}.release.json`));
    runInstaller();
    expectNothingInstalled('update.error.spoolFile');
    // The signed release is a link to a file only root may read.
    const secret = path.join(work, 'root-only.json');
    fs.writeFileSync(secret, fs.readFileSync(`${deb}.release.json`), { mode: 0o600 });
    fs.copyFileSync(deb, path.join(spool, name));
    fs.symlinkSync(secret, path.join(spool, `${name}.release.json`));
    runInstaller();
    expectNothingInstalled('update.error.spoolFile');
    expect(fs.existsSync(deb) && fs.existsSync(secret)).toBe(true);
    // A hard link names a file the kiosk user may not own: refused too, the file itself kept.
    const elsewhere = path.join(path.dirname(spool), `${name}.elsewhere`);
    fs.copyFileSync(deb, elsewhere);
    fs.linkSync(elsewhere, path.join(spool, name));
    fs.copyFileSync(`${deb}.release.json`, path.join(spool, `${name}.release.json`));
    runInstaller();
    expectNothingInstalled('update.error.spoolFile');
    expect(fs.statSync(elsewhere).nlink).toBe(1);
  });
});
