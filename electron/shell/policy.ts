// The shell's security decisions as pure functions, so tests check them without Electron.
// main.ts only wires these into Electron's hooks.
import { backoffMs } from '../platform/backoff';

export interface ShellSettings {
  kiosk: boolean;
  production: boolean;
  preloadPath: string;
}

/** BrowserWindow options: sandboxed, isolated, no Node, no devtools in production. */
export function windowOptions(s: ShellSettings) {
  return {
    kiosk: s.kiosk,
    fullscreen: s.kiosk,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#13294b',
    title: 'Estación CATD',
    webPreferences: {
      preload: s.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !s.production,
      safeDialogs: true,
    },
  } as const;
}

/** Navigation is allowed only within the core's own origin (scheme, host and port). */
export function navigationAllowed(target: string, coreOrigin: string): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  return url.origin === coreOrigin && url.username === '' && url.password === '';
}

/** Every new window (window.open, target=_blank) is refused: the kiosk has one window. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Permission requests and checks from web content: all denied. Camera, notifications,
 * WebHID/WebUSB/WebSerial... the hardware is the core's business, never the renderer's.
 */
export function permissionAllowed(_permission: string): boolean {
  return false;
}

/** Device (HID, USB, serial) selection and access from the renderer: always denied. */
export function devicePermissionAllowed(): boolean {
  return false;
}

/** Core restarts: wait longer after each crash in a row, up to a cap, so a crash loop is not a busy loop. */
export const CORE_RESTART_BASE_MS = 500;
export const CORE_RESTART_MAX_MS = 15_000;
export function coreRestartDelay(crashesInARow: number): number {
  return backoffMs(crashesInARow - 1, CORE_RESTART_BASE_MS, CORE_RESTART_MAX_MS);
}

/** Form body that carries the launch token to the core's /auth in a POST (never in the URL). */
export function authPostBody(token: string): string {
  return new URLSearchParams({ token }).toString();
}

export { SUPERVISOR_EXIT_CODE } from '../platform/shell-contract';
