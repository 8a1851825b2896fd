// The kiosk's keyboard filter, without Electron: every combination that leaves the app is
// stopped before Electron or Chromium acts on it; the app's own shortcuts and typing pass.
import { describe, expect, it } from 'vitest';
import { inputBlocked, type KeyInput } from '../../../electron/shell/keyboard-policy';

/** "Ctrl+Shift+I" → the Input Electron hands before-input-event. */
function press(combo: string, type = 'keyDown'): KeyInput {
  const parts = combo.split('+');
  const key = parts.pop() || '+';
  const mods = new Set(parts);
  const fn = /^F\d+$/.test(key);
  return {
    type,
    key: mods.has('Shift') && key.length === 1 ? key.toUpperCase() : key,
    code: fn ? key : key.length === 1 ? `Key${key.toUpperCase()}` : key,
    control: mods.has('Ctrl'),
    alt: mods.has('Alt'),
    shift: mods.has('Shift'),
    meta: mods.has('Meta'),
  };
}

describe('keys that leave the app are blocked', () => {
  const leaving = [
    'Alt+F4',
    'Ctrl+Alt+F1',
    'Ctrl+Alt+F2',
    'Ctrl+Alt+F6',
    'Ctrl+Alt+F12',
    'Ctrl+Alt+Backspace',
    'Ctrl+Alt+Delete',
    'Ctrl+W',
    'Ctrl+F4',
    'Ctrl+Q',
    'Ctrl+Shift+Q',
    'Ctrl+Shift+W',
    'Ctrl+N',
    'Ctrl+Shift+N',
    'Ctrl+T',
    'Ctrl+R',
    'Ctrl+Shift+R',
    'F5',
    'F11',
    'F12',
    'Ctrl+Shift+I',
    'Ctrl+Shift+J',
    'Ctrl+Shift+C',
    'Ctrl+P',
    'Alt+Tab',
    'Alt+ArrowLeft',
    'Alt+ArrowRight',
    'Meta',
    'Meta+d',
    'BrowserBack',
  ];
  it.each(leaving)('%s', (combo) => {
    expect(inputBlocked(press(combo))).toBe(true);
  });

  it('also swallows the key-up, so nothing acts on release', () => {
    expect(inputBlocked(press('Alt+F4', 'keyUp'))).toBe(true);
  });
});

describe('typing and the app’s own shortcuts pass', () => {
  const typing = [
    'a',
    'Shift+a',
    '7',
    'Enter',
    'Tab',
    'Shift+Tab',
    'Backspace',
    'Delete',
    'Escape',
    'ArrowLeft',
    ' ',
    '+',
    '-',
    'Ctrl+a',
    'Ctrl+c',
    'Ctrl+v',
    'Ctrl+x',
    'Ctrl+z',
    'Ctrl+Alt+s', // supervisor console
    'Ctrl+Alt+q', // AltGr+Q = @ on a Spanish layout under Windows
    'Alt+s', // sign out
    'Alt+i', // language
    'Alt+1', // operator screens
    'F6',
    'F7',
    'F8',
    'F9',
  ];
  it.each(typing)('%s', (combo) => {
    expect(inputBlocked(press(combo))).toBe(false);
  });

  it('lets mouse and other events through untouched', () => {
    expect(inputBlocked({ ...press('Alt+F4'), type: 'mouseDown' })).toBe(false);
  });
});
