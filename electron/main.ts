// The thin Electron shell: single instance, kiosk window, the core in a utilityProcess that is
// restarted if it dies, and every security hook wired to the pure policy in shell/policy.ts.
// This file, preload.ts and updater.ts are the only code that imports electron.
import { app, BrowserWindow, Menu, session, utilityProcess, type UtilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  authPostBody,
  coreRestartDelay,
  devicePermissionAllowed,
  navigationAllowed,
  permissionAllowed,
  SUPERVISOR_EXIT_CODE,
  windowOpenDecision,
  windowOptions,
} from './shell/policy';
import { inputBlocked } from './shell/keyboard-policy';
import { startUpdater } from './updater';

const here = path.dirname(fileURLToPath(import.meta.url));
const production = app.isPackaged;
const kiosk = !process.argv.includes('--no-kiosk');
const coreArgs = process.argv.slice(process.argv.indexOf('--') + 1).filter((a) => a !== '--no-kiosk');

let win: BrowserWindow | null = null;
let core: UtilityProcess | null = null;
let coreOrigin: string | null = null;
let crashesInARow = 0;
let quitting = false;
let updater: { download(): void; apply(): void } | null = null;

type CoreMessage = {
  type: 'ready' | 'token' | 'exit' | 'update-install' | 'update-apply';
  origin?: string;
  token?: string;
  code?: number;
  updateFeedUrl?: string | null;
  updateChannel?: string;
  version?: string;
};

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(start);
}

// Every web contents (including any the renderer might try to create) gets the same hooks.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!coreOrigin || !navigationAllowed(url, coreOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!coreOrigin || !navigationAllowed(url, coreOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Close, quit, reload, devtools, leave full screen...: never in the kiosk (shell/keyboard-policy.ts).
  contents.on('before-input-event', (event, input) => {
    if (kiosk && inputBlocked(input)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => windowOpenDecision());
});

function start(): void {
  Menu.setApplicationMenu(null);
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionAllowed(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));
  ses.setDevicePermissionHandler(() => devicePermissionAllowed());
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.on('select-serial-port', (event, _ports, _wc, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  startCore();
}

function startCore(): void {
  core = utilityProcess.fork(path.join(here, '../core/catd.mjs'), ['start', ...coreArgs], {
    serviceName: 'catd-core',
    stdio: 'inherit',
    // glibc gives each thread its own malloc arena, and sharp's large image buffers fragment them:
    // in a 20-minute soak two arenas held the core flat at ~295 MB instead of ~440 MB and climbing.
    env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' },
  });
  core.on('message', (msg: CoreMessage) => {
    if (msg.type === 'exit' && msg.code === SUPERVISOR_EXIT_CODE) {
      // A supervisor approved leaving the kiosk (audited by the core): the watchdog respects this code.
      quitting = true;
      core?.kill();
      app.exit(SUPERVISOR_EXIT_CODE);
      return;
    }
    if (msg.type === 'update-install') {
      updater?.download();
      return;
    }
    if (msg.type === 'update-apply') {
      // Only ever on the core's word: approved by a supervisor, verified, nothing in progress.
      updater?.apply();
      return;
    }
    if (msg.type === 'ready' && msg.origin) {
      crashesInARow = 0;
      coreOrigin = msg.origin;
      if (msg.updateFeedUrl && production && !updater) {
        updater = startUpdater(
          msg.updateFeedUrl,
          msg.updateChannel ?? 'estable',
          path.join(process.resourcesPath, 'update-signing.pub'),
          {
            report: (phase, version, problem = null) =>
              core?.postMessage({ type: 'update', phase, version, problem }),
            verified: (release, runningVersion) =>
              core?.postMessage({ type: 'update-verified', release, runningVersion }),
          },
          kiosk,
        );
      }
      core?.postMessage({ type: 'mint-token' });
    } else if (msg.type === 'token' && msg.token && coreOrigin) {
      void showWindow(coreOrigin, msg.token);
    }
  });
  core.on('exit', (code) => {
    core = null;
    if (quitting) return;
    crashesInARow++;
    console.error(`catd-shell: core exited (code ${code}); restarting`);
    setTimeout(startCore, coreRestartDelay(crashesInARow));
  });
}

async function showWindow(origin: string, token: string): Promise<void> {
  if (!win) {
    win = new BrowserWindow(
      windowOptions({ kiosk, production, preloadPath: path.join(here, 'preload.cjs') }),
    );
    win.once('ready-to-show', () => win?.show());
    win.on('closed', () => (win = null));
  }
  // The token travels in a POST body: never in the URL bar, history or a log.
  await win.loadURL(`${origin}/auth`, {
    postData: [{ type: 'rawData', bytes: Buffer.from(authPostBody(token)) }],
    extraHeaders: 'Content-Type: application/x-www-form-urlencoded',
  });
}

app.on('before-quit', () => {
  quitting = true;
  core?.kill();
});
app.on('window-all-closed', () => app.quit());
