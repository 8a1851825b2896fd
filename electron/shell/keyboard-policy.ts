// Keys that would take an operator out of the app, as a pure decision main.ts applies in every
// web contents' before-input-event (Electron passes these keys to its own accelerators and to
// Chromium before the page sees them). The compositor's VT switch is closed in the kiosk unit
// (cage without -s, consoles masked); this closes what reaches the app: close, quit, reload,
// devtools, leaving full screen, history navigation, print, new windows.
// Ctrl+Alt+S (the supervisor console) and everything typed into a form must pass.

/** The fields of Electron's `Input` this decision reads. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

const FUNCTION_KEY = /^F([1-9]|1[0-9]|2[0-4])$/;

/** With Ctrl (and no Alt): close tab/window, quit, reload, print, new window/tab, open, save, find, zoom. */
const CTRL_BLOCKED = new Set([
  'w',
  'q',
  'r',
  'p',
  'n',
  't',
  'o',
  's',
  'f',
  'g',
  'h',
  'j',
  'u',
  '+',
  '-',
  '=',
  '0',
]);
/** With Ctrl+Shift: devtools (I, J, C), reopen/new windows, quit/close variants, reload ignoring cache. */
const CTRL_SHIFT_BLOCKED = new Set(['i', 'j', 'c', 'n', 't', 'w', 'q', 'r', 'delete', 'm', 'b']);
/** Alone: reload, devtools, leave full screen, browser keys. (F6-F9 are the app's own shortcuts.) */
const ALONE_BLOCKED = new Set([
  'F5',
  'F11',
  'F12',
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'BrowserSearch',
  'Close',
  'Print',
  'PrintScreen',
]);

function named(input: KeyInput): string {
  // `code` names the physical key (the layout does not change it); `key` for the rest.
  if (input.code && FUNCTION_KEY.test(input.code)) return input.code;
  return input.key.length === 1 ? input.key.toLowerCase() : input.key;
}

/** True if this key press must not reach Electron or Chromium in the kiosk. */
export function inputBlocked(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown' && input.type !== 'keyUp') return false;
  const key = named(input);
  // The Super/Windows key, alone or in any combination: the desktop's, never the app's.
  if (input.meta || key === 'Meta' || key === 'OS') return true;
  if (input.control && input.alt) {
    // Ctrl+Alt+Fn switches VT, Ctrl+Alt+Backspace kills X, Ctrl+Alt+Del reboots. Any other
    // Ctrl+Alt key is AltGr on Windows layouts (@, #, [...]) or Ctrl+Alt+S: typing, let it through.
    return FUNCTION_KEY.test(key) || key === 'Backspace' || key === 'Delete';
  }
  if (input.alt) {
    // Alt+F4 closes, Alt+Tab/Esc switch, Alt+Left/Right/Home navigate, Alt+Space opens the window menu.
    return (
      FUNCTION_KEY.test(key) ||
      ['Tab', 'Escape', 'ArrowLeft', 'ArrowRight', 'Home', ' ', 'Space'].includes(key)
    );
  }
  if (input.control && input.shift)
    return CTRL_SHIFT_BLOCKED.has(key.toLowerCase()) || FUNCTION_KEY.test(key);
  if (input.control)
    return CTRL_BLOCKED.has(key) || key === 'F4' || key === 'Tab' || key === 'PageUp' || key === 'PageDown';
  return ALONE_BLOCKED.has(key);
}
