// Packaging cannot download Electron on these machines, so the configuration is checked here:
// against electron-builder's own schema, and for the values the security checklist requires.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { SUPERVISOR_EXIT_CODE } from '../../electron/shell/policy';

const require = createRequire(import.meta.url);
const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, any>;
const config = read('build/electron-builder.json');
const testVariant = read('build/electron-builder.test.json');
const pkg = read('package.json');

function validate(c: Record<string, unknown>) {
  const schema = read(require.resolve('app-builder-lib/scheme.json'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  const ok = ajv.validate(schema, c);
  return ok ? [] : (ajv.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('electron-builder configuration', () => {
  it('is valid for electron-builder (its own JSON schema)', () => {
    expect(validate(config)).toEqual([]);
    expect(validate(testVariant)).toEqual([]);
    expect(validate({ ...config, electronFusez: {} })).not.toEqual([]); // the check bites on a typo
  });

  it('flips the fuses of the security checklist', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('has a test variant that differs only by allowing the inspector Playwright attaches with', () => {
    expect(testVariant.extends).toBe('./electron-builder.json');
    const diff = Object.entries(testVariant.electronFuses).filter(([k, v]) => config.electronFuses[k] !== v);
    expect(diff).toEqual([['enableNodeCliInspectArguments', true]]);
  });

  it('unpacks every native module from the asar and rebuilds them for Electron', () => {
    for (const native of ['better-sqlite3', 'sharp', 'node-hid', '@serialport']) {
      expect(
        config.asarUnpack.some((g: string) => g.includes(`node_modules/${native}/`)),
        native,
      ).toBe(true);
    }
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
  });

  it('builds Linux AppImage and deb, and Windows NSIS with update signature checks', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    expect(config.publish[0].provider).toBe('generic');
    expect(config.publish[0].url).toMatch(/^https:\/\//);
  });

  it('packages the built shell that package.json names as main', () => {
    expect(pkg.main).toBe('dist/electron/main.mjs');
    expect(config.files).toContain('dist/electron/**');
    expect(pkg.devDependencies.electron).toMatch(/^45\./);
  });
});

describe('kiosk deployment', () => {
  it('Linux: cage under systemd, restarted unless the supervisor approved the exit', () => {
    const unit = fs.readFileSync('build/kiosk/linux/catd-kiosk.service', 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/cage /m);
    expect(unit).toMatch(/^User=catd$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(new RegExp(`^RestartPreventExitStatus=${SUPERVISOR_EXIT_CODE}$`, 'm'));
  });

  it('Linux: udev rules give the kiosk user serial, hidraw and scanner devices', () => {
    const rules = fs.readFileSync('build/kiosk/linux/99-catd-devices.rules', 'utf8');
    for (const s of ['SUBSYSTEM=="tty"', 'SUBSYSTEM=="hidraw"', 'libsane_matched'])
      expect(rules).toContain(s);
    expect(rules).not.toMatch(/MODE="0666"/);
  });

  it('Windows: Shell Launcher restarts the app except on the supervisor exit code', () => {
    const xml = fs.readFileSync('build/kiosk/windows/ShellLauncher.xml', 'utf8');
    expect(xml).toContain(`ReturnCode="${SUPERVISOR_EXIT_CODE}"`);
    expect(xml).toContain('<DefaultAction Action="RestartShell" />');
    expect(xml).toContain('<Account Name="catd" />');
  });
});
