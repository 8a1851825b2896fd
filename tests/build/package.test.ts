// The Linux package built for real (tests/build/stand-in-package.ts says what stands in for what
// this machine cannot fetch), opened and installed: what is in app.asar and beside it, the quality
// worker started from where it lands, and the .deb installed by dpkg in a scratch root (an overlay
// over this machine's own root, in a private mount namespace) to see what its after-install
// really put in place. Steps this test cannot run: flipping fuses and rebuilding the natives for
// Electron's ABI (both need Electron itself), compressing with the real fpm, AppImage and NSIS:
// those run on the release machine (docs/operations.md, "Publicar una versión").
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisPool, outsideAsar } from '../../electron/capture/quality/worker-pool';
import { damagedLabel } from '../../sim/acta/label-damage';
import { buildStandInPackage, realConfig, STAND_IN, treeSize, type StandInBuild } from './stand-in-package';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(archive: string, opts: object): string[] };
const { sanitizeFileName } = require('builder-util/out/filename') as { sanitizeFileName(s: string): string };

// electron-builder collects the app's dependencies with `npm list`, which cannot read a
// node_modules that is a symlink to another checkout (helpers' worktrees): a clone has a real one.
const symlinkedModules = fs.lstatSync('node_modules').isSymbolicLink();
const root = process.getuid?.() === 0;
const MB = 1024 * 1024;

let work: string;
let built: StandInBuild;
beforeAll(() => {
  if (symlinkedModules) return;
  work = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'catd-pack-'));
  built = buildStandInPackage(work);
}, 180_000);
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe.skipIf(symlinkedModules)('the unpacked Linux app electron-builder builds', () => {
  const config = realConfig();
  const executable: string = config.executableName;
  const unpackedApp = () => path.join(built.unpacked, 'resources/app.asar.unpacked');
  const entries = () =>
    asar
      .listPackage(path.join(built.unpacked, 'resources/app.asar'), { isPack: false })
      .map((e) => e.replace(/\\/g, '/'));

  it('differs from the release configuration only where this machine stands in', () => {
    const changed = Object.keys({ ...config, ...built.config }).filter(
      (k) => k !== '$schema' && JSON.stringify(config[k]) !== JSON.stringify(built.config[k]),
    );
    expect(changed.sort()).toEqual([...STAND_IN].sort());
    expect(config.extraResources).toEqual([{ from: 'build/update-signing.pub', to: 'update-signing.pub' }]);
    expect(config.electronFuses.runAsNode).toBe(false); // the release build still flips them
    expect(config.npmRebuild).toBe(true);
  });

  it('is named as the kiosk files expect, with the update key and the kiosk files as resources', () => {
    expect(fs.statSync(path.join(built.unpacked, executable)).mode & 0o111).not.toBe(0);
    expect(fs.existsSync(path.join(built.unpacked, 'chrome-sandbox'))).toBe(true);
    expect(fs.readFileSync(path.join(built.unpacked, 'resources/update-signing.pub'), 'utf8')).toBe(
      built.publicKey,
    );
    const kiosk = fs.readdirSync(path.join(built.unpacked, 'resources/kiosk')).sort();
    expect(kiosk).toEqual(
      expect.arrayContaining(['99-catd-devices.rules', 'catd-kiosk.service', 'logind-catd-kiosk.conf']),
    );
  });

  it('carries the built app and production modules only: no TypeScript, tests, sources, sim data or central', () => {
    const files = entries();
    for (const f of [
      '/package.json',
      '/dist/core/catd.mjs',
      '/dist/electron/main.mjs',
      '/dist/electron/preload.cjs',
      '/dist/renderer/index.html',
    ])
      expect(files, f).toContain(f);
    expect(
      files.filter((f) =>
        /^\/node_modules\/(typescript|vitest|vite|electron|electron-builder|tsx|esbuild|playwright-core)(\/|$)/.test(
          f,
        ),
      ),
    ).toEqual([]);
    expect(
      files.filter((f) =>
        /^\/(tests|sim|electron|central|renderer|shared|scripts|build|dist\/central|dist\/packages)(\/|$)/.test(
          f,
        ),
      ),
    ).toEqual([]);
    expect(files.filter((f) => !f.startsWith('/node_modules/') && /\.tsx?$/.test(f))).toEqual([]);
    // Source trees a native module was compiled from are not needed to load it.
    expect(files.filter((f) => /better-sqlite3\/(deps|src)\/|node-hid\/hidapi\//.test(f))).toEqual([]);
  });

  it('unpacks every native module beside the archive, where the dynamic loader can open it', () => {
    const unpacked = path.join(built.unpacked, 'resources/app.asar.unpacked');
    const natives = fs
      .readdirSync(unpacked, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.node'))
      .map((e) => path.relative(unpacked, path.join(e.parentPath, e.name)));
    for (const m of [
      'better-sqlite3/build/Release/better_sqlite3.node',
      '@img/sharp-linux-x64/',
      'node-hid/prebuilds/HID_hidraw-linux-x64/',
      '@serialport/bindings-cpp/prebuilds/linux-x64/',
    ])
      expect(
        natives.some((n) => n.includes(m)),
        m,
      ).toBe(true);
    // One serial port stack: modbus-serial (the plant) uses the same @serialport/bindings-cpp as the
    // readers and the UPS, not a second native copy of its own.
    const serialCopies = new Set(
      natives.filter((n) => n.includes('@serialport/bindings-cpp/')).map((n) => n.split('@serialport/')[0]),
    );
    expect([...serialCopies]).toEqual(['node_modules/']);
    // Every .node the archive lists is one of the unpacked files, none inside the archive itself.
    for (const n of entries().filter((f) => f.endsWith('.node')))
      expect(fs.existsSync(path.join(unpacked, n)), n).toBe(true);
  });

  it('starts the quality worker from where it lands and analyses a page', async () => {
    const inAsar = new URL(`file://${built.unpacked}/resources/app.asar/dist/core/analysis-worker-boot.mjs`);
    const script = outsideAsar(inAsar);
    expect(script.pathname).toBe(
      `${built.unpacked}/resources/app.asar.unpacked/dist/core/analysis-worker-boot.mjs`,
    );
    const pool = new AnalysisPool({ size: 1, script });
    try {
      const width = 400;
      const height = 520;
      const res = await pool.run({
        part: 'layout',
        gray: new Uint8Array(width * height).fill(255),
        width,
        height,
        qrRegion: { left: 0.6, top: 0, width: 0.4, height: 0.3 },
      });
      expect(res).toMatchObject({ ok: true, qr: { found: false } });
      // The QR decoder's .wasm is read from the unpacked zxing-wasm, never fetched.
      const label = await damagedLabel(1, 'noise');
      const read = await pool.run({
        part: 'layout',
        gray: label.gray,
        width: label.width,
        height: label.height,
        qrRegion: { left: 0, top: 0, width: 1, height: 1 },
      });
      expect(read).toMatchObject({ ok: true, qr: { found: true, text: label.text } });
      expect(
        fs.existsSync(path.join(unpackedApp(), 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm')),
      ).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('stays within its size budget', () => {
    const resources = treeSize(path.join(built.unpacked, 'resources'));
    console.log(
      `paquete: resources ${(resources / MB).toFixed(1)} MB (app.asar ${(fs.statSync(path.join(built.unpacked, 'resources/app.asar')).size / MB).toFixed(1)} MB)`,
    );
    expect(resources).toBeLessThan(110 * MB);
  });
});

describe.skipIf(symlinkedModules)('the .deb', () => {
  it('depends on what the kiosk runs, besides electron-builder default libraries', () => {
    const defaults = [
      'libgtk-3-0',
      'libnotify4',
      'libnss3',
      'libxss1',
      'libxtst6',
      'xdg-utils',
      'libatspi2.0-0',
      'libuuid1',
      'libsecret-1-0',
    ];
    expect(built.fpm.depends).toEqual(
      expect.arrayContaining([...defaults, 'cage', 'sane-utils', 'udev', 'systemd', 'nodejs']),
    );
    expect(built.fpm.maps[0]).toEqual({
      from: `${built.unpacked}/`,
      to: `/opt/${sanitizeFileName(realConfig().productName)}`,
    });
  });

  it.skipIf(!root)(
    'installs with dpkg in a scratch root: app, link, kiosk and update units, udev rules, user, spool, no other console',
    () => {
      const ov = path.join(work, 'scratch');
      for (const d of ['upper', 'work', 'merged']) fs.mkdirSync(path.join(ov, d), { recursive: true });
      fs.copyFileSync(built.deb, path.join(ov, 'upper', 'catd.deb'));
      const script = [
        'set -e',
        `mount -t overlay overlay -o lowerdir=/,upperdir=${ov}/upper,workdir=${ov}/work ${ov}/merged`,
        `mount --bind /proc ${ov}/merged/proc`,
        `mount --bind /dev ${ov}/merged/dev`,
        // cage is not on this machine: dependencies are not what this step checks.
        `chroot ${ov}/merged dpkg --force-depends -i /catd.deb`,
      ].join('\n');
      const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
        encoding: 'utf8',
      });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      const up = (p: string) => path.join(ov, 'upper', p);
      const product = sanitizeFileName(realConfig().productName);
      const executable = realConfig().executableName;
      expect(fs.existsSync(up(`opt/${product}/${executable}`))).toBe(true);
      // electron-builder's own steps ran: the /usr/bin link (through update-alternatives).
      expect(fs.readlinkSync(up(`etc/alternatives/${executable}`))).toBe(`/opt/${product}/${executable}`);
      expect(fs.readlinkSync(up(`usr/bin/${executable}`))).toBe(`/etc/alternatives/${executable}`);
      // The unit starts what the link points at.
      const unit = fs.readFileSync(up('etc/systemd/system/catd-kiosk.service'), 'utf8');
      expect(unit).toMatch(new RegExp(`^ExecStart=/usr/bin/cage -- /usr/bin/${executable} `, 'm'));
      expect(fs.readFileSync(up('etc/udev/rules.d/99-catd-devices.rules'), 'utf8')).toContain('GROUP="catd"');
      expect(fs.readFileSync(up('etc/systemd/logind.conf.d/catd-kiosk.conf'), 'utf8')).toMatch(
        /^NAutoVTs=0$/m,
      );
      for (const n of [2, 3, 4, 5, 6])
        expect(fs.readlinkSync(up(`etc/systemd/system/getty@tty${n}.service`))).toBe('/dev/null');
      expect(fs.readFileSync(up('etc/passwd'), 'utf8')).toMatch(/^catd:x:\d+:\d+:.*:\/usr\/sbin\/nologin$/m);
      // Updates without pkexec: the units enabled, the spool for group catd only, the installer
      // where the unit starts it, whole (it loads and runs an empty spool with nothing else).
      const wants = up('etc/systemd/system/multi-user.target.wants/catd-update.path');
      expect(fs.readlinkSync(wants)).toBe('/etc/systemd/system/catd-update.path');
      expect(fs.existsSync(up('etc/systemd/system/catd-update.service'))).toBe(true);
      const spool = fs.statSync(up('var/lib/catd-update/incoming'));
      expect(spool.mode & 0o7777).toBe(0o770);
      const group = fs.readFileSync(up('etc/group'), 'utf8').match(/^catd:x:(\d+):/m);
      expect(spool.gid).toBe(Number(group![1]));
      const installer = up(`opt/${product}/resources/update-installer/catd-update-install.mjs`);
      const emptySpool = fs.mkdtempSync(path.join(work, 'spool-'));
      const ran = spawnSync(process.execPath, [installer, '--spool', emptySpool], { encoding: 'utf8' });
      expect(ran.status, ran.stderr).toBe(0);
      expect(fs.existsSync(up(`opt/${product}/resources/update-signing.pub`))).toBe(true);
      expect(fs.readFileSync(up('var/lib/dpkg/status'), 'utf8')).toMatch(
        /Package: catd-workstation\nStatus: install ok installed/,
      );
    },
  );
});
