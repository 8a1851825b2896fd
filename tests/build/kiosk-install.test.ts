// The kiosk files must match what the packages really install, and leave no console to switch to.
// The install locations are computed with electron-builder's own functions (sanitizeFileName,
// getWindowsInstallationDirName), from build/electron-builder.json, not copied by hand: renaming
// the product or the executable without fixing the kiosk files turns this red.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  AFTER_INSTALL_OUT,
  afterInstallTemplate as debAfterInstall,
  builderAfterInstallTemplate,
  UPDATE_INSTALLER,
} from '../../scripts/deb-scripts.mjs';
import { UPDATE_SPOOL_DIR, UPDATE_STATE_DIR } from '../../electron/platform/update-spool';

const require = createRequire(import.meta.url);
const { sanitizeFileName } = require('builder-util/out/filename') as {
  sanitizeFileName(s: string): string;
};
const { getWindowsInstallationDirName } = require('app-builder-lib/out/targets/targetUtil') as {
  getWindowsInstallationDirName(
    appInfo: { productFilename: string; sanitizedName: string },
    tryProductName: boolean,
  ): string;
};

const config = JSON.parse(fs.readFileSync('build/electron-builder.json', 'utf8'));
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const unit = fs.readFileSync('build/kiosk/linux/catd-kiosk.service', 'utf8');
const afterInstallTemplate = debAfterInstall();
const executable: string = config.linux.executableName ?? config.executableName;
const productFilename = sanitizeFileName(config.win.executableName ?? config.executableName);

/** The after-install as electron-builder writes it into the .deb (FpmTarget's macro expansion). */
function expandedAfterInstall(): string {
  const macros: Record<string, string> = {
    executable,
    sanitizedProductName: sanitizeFileName(config.productName),
    productFilename,
  };
  return afterInstallTemplate.replace(/\${([a-zA-Z]+)}/g, (_, name: string) => {
    if (!(name in macros)) throw new Error(`Macro ${name} is not defined`); // as electron-builder does
    return macros[name]!;
  });
}

function execStart(): string[] {
  const line = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  return line!.slice('ExecStart='.length).trim().split(/\s+/);
}

describe('Linux kiosk', () => {
  it('runs cage without -s (no VT switching)', () => {
    const [cage, ...args] = execStart();
    expect(cage).toBe('/usr/bin/cage');
    const cageFlags = args.slice(0, args.indexOf('--'));
    expect(cageFlags.filter((f) => /^-[a-zA-Z]*s/.test(f))).toEqual([]);
    expect(unit).not.toMatch(/cage\s+-s/);
  });

  it('starts the executable electron-builder links from the folder the .deb installs', () => {
    const script = expandedAfterInstall();
    const app = execStart()[execStart().indexOf('--') + 1];
    expect(app).toBe(`/usr/bin/${executable}`);
    // FpmTarget installs the app in /opt/<sanitized product name>/; its own after-install links it.
    const product = sanitizeFileName(config.productName);
    expect(script).toContain(
      `update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${product}/${executable}'`,
    );
    expect(script).toContain(`APP_DIR='/opt/${product}'`);
  });

  it("keeps electron-builder's own after-install steps, then the kiosk's", () => {
    expect(config.deb.afterInstall).toBe(AFTER_INSTALL_OUT);
    expect(afterInstallTemplate.startsWith(builderAfterInstallTemplate().trimEnd())).toBe(true);
    expect(afterInstallTemplate).toContain('chrome-sandbox');
    // No kiosk step hides its failure: only the two that need a running daemon may fail.
    const hidden = afterInstallTemplate
      .slice(builderAfterInstallTemplate().length)
      .split('\n')
      .filter((l) => /\|\| true/.test(l));
    expect(hidden.map((l) => l.trim().split(' ').slice(0, 2).join(' '))).toEqual([
      'udevadm control',
      'systemctl daemon-reload',
      'systemctl start',
    ]);
  });

  it('installs only kiosk files that exist, from where extraResources puts them', () => {
    const to = config.linux.extraResources.find((r: { from: string }) => r.from === 'build/kiosk/linux').to;
    expect(expandedAfterInstall()).toContain(`KIOSK="$APP_DIR/resources/${to}"`);
    const used = [...afterInstallTemplate.matchAll(/"\$KIOSK\/([^"]+)"/g)].map((m) => m[1]!);
    expect(used).toEqual(expect.arrayContaining(['catd-kiosk.service', 'logind-catd-kiosk.conf']));
    for (const f of used) expect(fs.existsSync(path.join('build/kiosk/linux', f))).toBe(true);
  });

  it('masks every other console: no getty or autovt on tty2..6, logind spawns and reserves none', () => {
    const script = expandedAfterInstall();
    expect(script).toMatch(
      /for n in 2 3 4 5 6; do\n\s+systemctl mask "getty@tty\$n.service" "autovt@tty\$n.service"/,
    );
    expect(script).toContain('/etc/systemd/logind.conf.d/catd-kiosk.conf');
    const logind = fs.readFileSync('build/kiosk/linux/logind-catd-kiosk.conf', 'utf8');
    expect(logind).toMatch(/^\[Login\]$/m);
    expect(logind).toMatch(/^NAutoVTs=0$/m);
    expect(logind).toMatch(/^ReserveVT=0$/m);
    expect(unit).toMatch(/^Conflicts=getty@tty1.service$/m);
  });
});

/** `Key=value` lines of a unit file. */
function unitValues(file: string, key: string): string[] {
  return fs
    .readFileSync(path.join('build/kiosk/linux', file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));
}

describe('Linux kiosk updates (root-side installer instead of pkexec)', () => {
  it('starts the installer where the .deb puts it, with the nodejs the package depends on', () => {
    const [execStart] = unitValues('catd-update.service', 'ExecStart');
    // systemd's quoting: the product folder has a space.
    const [node, script, ...args] = [...execStart!.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
    const product = sanitizeFileName(config.productName);
    const taken = config.linux.extraResources.find(
      (r: { from: string }) => r.from === UPDATE_INSTALLER.outDir,
    );
    expect(taken.to).toBe(UPDATE_INSTALLER.resources);
    expect(script).toBe(`/opt/${product}/resources/${UPDATE_INSTALLER.resources}/${UPDATE_INSTALLER.file}`);
    expect(node).toBe('/usr/bin/node');
    expect(config.deb.depends).toContain('nodejs');
    expect(args).toEqual(['--restart', 'catd-kiosk.service']);
    expect(unitValues('catd-update.service', 'Type')).toEqual(['oneshot']);
  });

  it('watches the spool the shell drops into, which the after-install makes for group catd only', () => {
    expect(unitValues('catd-update.path', 'PathExistsGlob')).toEqual([`${UPDATE_SPOOL_DIR}/*.release.json`]);
    expect(unitValues('catd-update.path', 'Unit')).toEqual(['catd-update.service']);
    const script = expandedAfterInstall();
    expect(script).toContain(`install -d -o root -g root -m 0755 ${UPDATE_STATE_DIR}\n`);
    expect(script).toContain(`install -d -o root -g catd -m 0770 ${UPDATE_SPOOL_DIR}\n`);
    for (const unit of ['catd-update.path', 'catd-update.service'])
      expect(script).toContain(`install -D -m 0644 "$KIOSK/${unit}" /etc/systemd/system/${unit}\n`);
    expect(script).toMatch(/^systemctl enable catd-update.path$/m);
  });
});

describe('Linux kiosk power-off (UPS shutdown imminent)', () => {
  it('lets only user catd ask logind to power off, installed where polkitd reads rules', () => {
    const rule = fs.readFileSync('build/kiosk/linux/50-catd-poweroff.rules', 'utf8');
    const actions = [...rule.matchAll(/action\.id === '([^']+)'/g)].map((m) => m[1]);
    expect(actions.sort()).toEqual([
      'org.freedesktop.login1.power-off',
      'org.freedesktop.login1.power-off-ignore-inhibit',
      'org.freedesktop.login1.power-off-multiple-sessions',
    ]);
    // The rule as polkitd runs it (plain JavaScript handed a polkit object): yes for catd only.
    type Rule = (action: { id: string }, subject: { user: string }) => unknown;
    let added: Rule | undefined;
    const polkit = { Result: { YES: 'yes' }, addRule: (r: Rule) => (added = r) };
    new Function('polkit', rule)(polkit);
    expect(added!({ id: 'org.freedesktop.login1.power-off' }, { user: 'catd' })).toBe('yes');
    expect(added!({ id: 'org.freedesktop.login1.power-off' }, { user: 'operador' })).toBeUndefined();
    expect(added!({ id: 'org.freedesktop.login1.reboot' }, { user: 'catd' })).toBeUndefined();
    expect(expandedAfterInstall()).toContain(
      'install -D -m 0644 "$KIOSK/50-catd-poweroff.rules" /etc/polkit-1/rules.d/50-catd-poweroff.rules\n',
    );
    expect(config.deb.depends).toContain('polkitd');
  });
});

describe('Windows kiosk', () => {
  it('Shell Launcher starts the exe where the per-machine NSIS installer puts it', () => {
    const xml = fs.readFileSync('build/kiosk/windows/ShellLauncher.xml', 'utf8');
    const shells = [...xml.matchAll(/<Shell Shell="([^"]+)"/g)].map((m) => m[1]);
    expect(config.nsis.perMachine).toBe(true);
    const dir = getWindowsInstallationDirName(
      { productFilename, sanitizedName: sanitizeFileName(pkg.name) },
      !config.nsis.oneClick || config.nsis.perMachine,
    );
    // NSIS (multiUser.nsh): $PROGRAMFILES64\<APP_FILENAME>; common.nsh: <PRODUCT_FILENAME>.exe.
    expect(shells).toContain(`%ProgramFiles%\\${dir}\\${productFilename}.exe`);
    expect(config.nsis.allowToChangeInstallationDirectory).toBe(false);
  });
});
