// The supervisor console holds the keyboard (issue #19): Tab cycles inside it, even after the
// button that had focus went away; Escape closes it wherever focus is; the operator's shortcuts
// (F6–F9, Alt+n) do nothing to the screen behind it; and a conflict names the acta by its key.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { operatorStation, SAMPLE_KEY } from '../helpers/operator-station';
import { displayActaKey, formatActaKeyLabel } from '../../shared/acta-key';

const s = operatorStation();
let page: Page;
let dialog: Locator;

beforeAll(() => {
  page = s.page;
  dialog = page.getByRole('dialog', { name: 'Consola del supervisor' });
});

/** Ctrl+Alt+S and the supervisor's id and PIN: the console's tabs show. */
async function openConsole(): Promise<void> {
  await page.keyboard.press('Control+Alt+s');
  await dialog.getByLabel('Clave del supervisor').fill(s.station.supervisor.id);
  await dialog.getByLabel('PIN del supervisor').fill(s.station.supervisor.pin);
  await page.keyboard.press('Enter');
  await dialog.getByRole('tab', { name: 'Actas' }).waitFor({ timeout: 10_000 });
}

const focusInDialog = () => page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'));
/** As when the button that had focus is removed (a decision made, a panel redrawn). */
const dropFocus = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

async function receive(label: string): Promise<void> {
  await page.keyboard.type(label); // the code reader
  await page.keyboard.press('Enter');
}

describe('the supervisor console and the keyboard', () => {
  it('keeps Tab inside the console, also after focus was lost', async () => {
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
    await openConsole();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
      expect(await focusInDialog(), `focus left the console after ${i + 1} Tab presses`).toBe(true);
    }
    await dropFocus();
    await page.keyboard.press('Tab');
    expect(await focusInDialog()).toBe(true);
  });

  it('keeps the operator’s shortcuts from the screen behind it', async () => {
    await page.keyboard.press('Alt+4'); // Cola, behind the console
    await page.keyboard.press('F6'); // acopio's typed mode, behind the console
    await dropFocus();
    await page.keyboard.press('Alt+5');
    await page.keyboard.press('F8');
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Clave del acta otra vez').isVisible()).toBe(false);
    expect(
      await page
        .getByRole('navigation')
        .getByRole('button', { name: /Acopio/ })
        .getAttribute('aria-current'),
    ).toBe('page');
  });

  it('closes on Escape wherever focus is', async () => {
    await openConsole();
    await dialog.getByRole('tab', { name: 'Bitácora' }).click();
    await dropFocus();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // Focus is back on the screen the operator was using.
    expect(await focusInDialog()).toBe(false);
  });

  it('names the conflict by the acta’s key, not an internal number', async () => {
    const label = formatActaKeyLabel(SAMPLE_KEY);
    await page.getByLabel('Clave del acta (lector de código)').focus();
    await receive(label);
    await expect
      .poll(() => page.getByTestId('acopio-result').textContent(), { timeout: 10_000 })
      .toContain('Acta recibida');
    await receive(label);
    await expect
      .poll(() => page.getByTestId('acopio-result').textContent(), { timeout: 10_000 })
      .toMatch(/CONFLICTO/);
    await openConsole();
    const row = dialog.getByRole('row', { name: /conflicto/i });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByRole('button', { name: 'Elegir' }).click();
    const conflict = dialog.getByTestId('conflict-with');
    await expect
      .poll(() => conflict.textContent(), { timeout: 10_000 })
      .toContain(displayActaKey(SAMPLE_KEY));
    // With the existing acta's received time once it has loaded.
    await expect
      .poll(() => conflict.textContent(), { timeout: 10_000 })
      .toMatch(/Clave repetida .*recibió.*\d\d:\d\d/);
    expect(await conflict.textContent()).not.toMatch(/acta \d+\b/);
    await page.keyboard.press('Escape');
  });
});
