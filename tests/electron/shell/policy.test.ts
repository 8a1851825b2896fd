// The shell's security rules, checked without Electron (which cannot run on these machines).
import { describe, expect, it } from 'vitest';
import {
  authPostBody,
  coreRestartDelay,
  CORE_RESTART_MAX_MS,
  devicePermissionAllowed,
  navigationAllowed,
  permissionAllowed,
  windowOpenDecision,
  windowOptions,
} from '../../../electron/shell/policy';

describe('window options', () => {
  const prod = windowOptions({ kiosk: true, production: true, preloadPath: '/p.cjs' });
  it('sandboxes and isolates the renderer, with no Node', () => {
    expect(prod.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
  it('is a kiosk without devtools in production', () => {
    expect(prod.kiosk).toBe(true);
    expect(prod.webPreferences.devTools).toBe(false);
    expect(
      windowOptions({ kiosk: false, production: false, preloadPath: '/p' }).webPreferences.devTools,
    ).toBe(true);
  });
});

describe('navigation allow-list', () => {
  const core = 'http://127.0.0.1:4100';
  it.each([
    ['http://127.0.0.1:4100/', true],
    ['http://127.0.0.1:4100/auth', true],
    ['http://127.0.0.1:4101/', false],
    ['http://localhost:4100/', false],
    ['https://127.0.0.1:4100/', false],
    ['http://evil@127.0.0.1:4100/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(navigationAllowed(url, core)).toBe(allowed);
  });
});

describe('permissions and windows', () => {
  it('denies every permission the web might ask for', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'hid',
      'serial',
      'usb',
      'clipboard-read',
      'openExternal',
    ]) {
      expect(permissionAllowed(p)).toBe(false);
    }
    expect(devicePermissionAllowed()).toBe(false);
  });
  it('denies new windows', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });
});

describe('core restarts', () => {
  it('backs off after repeated crashes, up to a cap', () => {
    expect(coreRestartDelay(1)).toBeLessThan(coreRestartDelay(3));
    expect(coreRestartDelay(50)).toBe(CORE_RESTART_MAX_MS);
  });
  it('sends the launch token as a form body', () => {
    expect(authPostBody('a+b/c=')).toBe('token=a%2Bb%2Fc%3D');
  });
});
