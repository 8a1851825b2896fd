// A modal holds the keyboard while it is open: Tab and Shift+Tab cycle inside it (and bring focus
// back into it when a button that had it disappeared), Escape closes it wherever focus is, and the
// operator's shortcuts behind it (F1–F12, Alt+key) never reach the screen underneath. One listener
// on window in the capture phase runs before every screen's own (bubble-phase) key handlers.
import { useEffect, useRef, type RefObject } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
}

/** Keys the operator's screens act on: kept from them while the modal is open. */
function isScreenShortcut(e: KeyboardEvent): boolean {
  // AltGr types characters ("|" on a Spanish keyboard): never taken for a shortcut.
  const altGr = e.ctrlKey || e.getModifierState('AltGraph');
  return /^F\d{1,2}$/.test(e.key) || (e.altKey && !altGr && e.key !== 'Alt');
}

export function useModal(root: RefObject<HTMLElement | null>, onClose: () => void): void {
  // The latest onClose without re-registering the listener on every render.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const onKey = (e: KeyboardEvent) => {
      const box = root.current;
      if (!box) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close.current();
        return;
      }
      if (isScreenShortcut(e)) {
        e.preventDefault();
        e.stopPropagation();
        return;
      }
      if (e.key !== 'Tab') return;
      // A step inside the modal that must be answered first (a destructive decision) holds Tab.
      const scope = box.querySelector<HTMLElement>('[data-focus-scope]') ?? box;
      const items = focusables(scope);
      if (items.length === 0) return;
      const at = items.indexOf(document.activeElement as HTMLElement);
      // Focus outside (or on something no longer focusable): back in at the start or the end.
      const next =
        at === -1
          ? e.shiftKey
            ? items.length - 1
            : 0
          : (at + (e.shiftKey ? -1 : 1) + items.length) % items.length;
      e.preventDefault();
      items[next]!.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      // Back where the operator was before the modal opened.
      if (previous && document.contains(previous)) previous.focus();
    };
  }, [root]);
}
