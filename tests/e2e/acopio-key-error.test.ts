// Acopio when the key is wrong (issue #19): a wrong check digit is named as such (not the generic
// "Un dato no es válido…"), what was typed stays in both fields, the cursor is in the field to fix,
// and the station's input mode (typed) survives leaving the screen and coming back.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { operatorStation, SAMPLE_KEY } from '../helpers/operator-station';
import { formatActaKeyLabel } from '../../shared/acta-key';

const s = operatorStation();
let page: Page;

beforeAll(() => {
  page = s.page;
});

const first = () => page.getByLabel('Clave del acta', { exact: true });
const second = () => page.getByLabel('Clave del acta otra vez');
const focusedField = () =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('label')?.textContent ?? '');

describe('acopio, a key typed wrong', () => {
  it('names the wrong check digit, keeps the typing, and puts the cursor in the field', async () => {
    const good = formatActaKeyLabel(SAMPLE_KEY);
    const digit = Number(good.slice(-1));
    const wrong = `${good.slice(0, -1)}${(digit + 1) % 10}`;
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
    expect(await page.getByText(/Ejemplo: PREP\|\d{4}\|/).isVisible()).toBe(true);
    await page.keyboard.press('F6');
    await first().fill(wrong);
    await second().fill(wrong);
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain('dígito verificador');
    expect(await alert.textContent()).not.toContain('Un dato no es válido');
    expect(await first().inputValue()).toBe(wrong);
    expect(await second().inputValue()).toBe(wrong);
    expect(await focusedField()).toMatch(/^Clave del acta$/);
  });

  it('puts the cursor in the second field when the two captures differ', async () => {
    const good = formatActaKeyLabel(SAMPLE_KEY);
    await first().fill(good);
    await second().fill(good.replace('3068', '3086'));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain('no coinciden');
    expect(await focusedField()).toMatch(/^Clave del acta otra vez$/);
    // Fixing the second field is enough: typed over the selection, the acta is received.
    await page.keyboard.type(good);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('acopio-result').textContent(), { timeout: 10_000 })
      .toContain('Acta recibida');
    expect(await first().inputValue()).toBe('');
  });

  it('remembers the station’s typed mode across acopios', async () => {
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: 'Cola de actas' }).waitFor();
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
    expect(await second().isVisible()).toBe(true);
    await page.reload();
    await page.getByRole('navigation').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
    expect(await second().isVisible()).toBe(true);
  });
});
