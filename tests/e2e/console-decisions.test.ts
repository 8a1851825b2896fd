// The supervisor's decisions (issue #19): each action asks its own reason, empty every time, and
// the audit log shows each decision with its own reason, in words; "Conservar la existente (anular
// esta)" first shows the key and both actas side by side, and neither a keystroke nor an empty
// reason annuls; leaving the kiosk and shutting down live in their own tab, behind a confirmation.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { operatorStation, SAMPLE_KEY } from '../helpers/operator-station';
import {
  confirmDecision,
  openConsole,
  receiveTyped,
  scanToVerification,
  screenshotPath,
} from '../helpers/browser';
import { displayActaKey, formatActaKeyLabel } from '../../shared/acta-key';

// Every sheet good: the test is about the console, not the quality gate's verdicts.
const s = operatorStation({ devices: { scanner: { driver: 'simulated', defectRate: 0 } } });
let page: Page;
let dialog: Locator;
const KEY = displayActaKey(SAMPLE_KEY);
const LABEL = formatActaKeyLabel(SAMPLE_KEY);
const FIRST_REASON = 'la segunda es fotocopia de la primera';
const SECOND_REASON = 'etiqueta rota al pegarla';

beforeAll(() => {
  page = s.page;
});

const step = () => dialog.getByRole('form', { name: /^Confirmar: / });

/** The audit panel's row for an action in words, read as the supervisor reads it. */
async function auditRow(what: string): Promise<string> {
  const row = dialog.getByRole('row', { name: new RegExp(what) }).first();
  await row.waitFor({ timeout: 10_000 });
  return (await row.textContent()) ?? '';
}

describe('a console decision, confirmed with its own reason', () => {
  it('shows the key and both actas side by side before annulling the new one', async () => {
    // The first acta is received and scanned: it has images. The second, same key, is a conflict.
    await receiveTyped(page, LABEL);
    await scanToVerification(page);
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
    await page.getByLabel('Clave del acta', { exact: true }).fill(LABEL);
    await page.getByLabel('Clave del acta otra vez').fill(LABEL);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('acopio-result').textContent(), { timeout: 10_000 })
      .toMatch(/CONFLICTO/);

    dialog = await openConsole(page, s.station.supervisor);
    const row = dialog.getByRole('row', { name: /conflicto/i });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByRole('button', { name: 'Elegir' }).click();
    await dialog.getByRole('button', { name: 'Conservar la existente (anular esta)' }).click();

    await expect.poll(() => step().isVisible()).toBe(true);
    expect(await step().getByTestId('decision-key').textContent()).toContain(KEY);
    const existing = step().getByTestId('side-existing');
    const incoming = step().getByTestId('side-incoming');
    // The scanned acta's pages, loaded; the new one has none yet and says so.
    await expect
      .poll(
        () =>
          existing
            .locator('img')
            .evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    expect(await incoming.textContent()).toContain('Aún no tiene imágenes');
    const [a, b] = [await existing.boundingBox(), await incoming.boundingBox()];
    expect(a && b && Math.abs(a.y - b.y) < 2 && a.x + a.width <= b.x).toBe(true); // side by side
    expect(await step().textContent()).not.toMatch(/acta \d+\b/i);
    // At 1366×768 the confirm button is on screen without scrolling.
    const confirm = step().getByRole('button', { name: /^Confirmar: / });
    const box = await confirm.boundingBox();
    expect(box && box.y + box.height <= 768).toBe(true);
    await page.screenshot({ path: screenshotPath('console-confirm-annul.png') });

    // The step holds Tab until it is answered: nothing behind it gets focus.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[data-focus-scope]'))).toBe(true);
    }
    await step().getByLabel('Motivo de esta acción').focus();
    // Focus is in the (empty) reason: Enter types a new line, it decides nothing.
    await page.keyboard.press('Enter');
    await confirm.click(); // still without a reason
    expect(await step().getByRole('alert').textContent()).toContain('Escriba el motivo');
    expect(await dialog.getByText(`Acta ${KEY} — En conflicto`).isVisible()).toBe(true);

    await confirmDecision(dialog, FIRST_REASON);
    await expect
      .poll(() => dialog.getByText(`Acta ${KEY} — Anulada`).isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await step().count()).toBe(0);
  });

  it('asks the next decision its own reason, and the audit shows each one', async () => {
    await dialog.getByLabel(/Buscar por clave/).fill(SAMPLE_KEY.seccion);
    const existingRow = dialog.getByRole('row', { name: /Digitalizada/ });
    await expect.poll(() => existingRow.count(), { timeout: 10_000 }).toBe(1);
    await existingRow.getByRole('button', { name: 'Elegir' }).click();
    await dialog.getByRole('button', { name: 'Reimpresión (supervisor)' }).click();
    // A fresh reason field: the annulment's reason is not carried over.
    expect(await step().getByLabel('Motivo de esta acción').inputValue()).toBe('');
    await confirmDecision(dialog, SECOND_REASON);
    await expect.poll(() => step().count(), { timeout: 10_000 }).toBe(0);

    await dialog.getByRole('tab', { name: 'Bitácora' }).click();
    const annulled = await auditRow('Resolvió la clave repetida');
    expect(annulled).toContain(FIRST_REASON);
    expect(annulled).toContain(KEY);
    expect(annulled).not.toContain(SECOND_REASON);
    // The supervisor's order and the record's change are two entries that do not read alike.
    const ordered = await auditRow('Ordenó en la consola resolver la clave repetida');
    expect(ordered).toContain(FIRST_REASON);
    expect(ordered).not.toContain('Resolvió');
    const reprinted = await auditRow('Reimprimió la etiqueta de acopio');
    expect(reprinted).toContain(SECOND_REASON);
    expect(reprinted).not.toContain(FIRST_REASON);
    // Words, not codes or JSON; dates as dd/mm/aaaa hh:mm:ss.
    const table = (await dialog.getByRole('table').textContent()) ?? '';
    expect(table).not.toMatch(/console\.|acta\.|[{}"]/);
    expect(annulled).toMatch(/\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d/);
    // At 1366×768, with the console at its top, the audit shows several rows, one line each
    // (the filters on one line, the UTC offset once in the heading).
    const rowsInView = await dialog.evaluate((d) => {
      for (const el of [d, ...d.querySelectorAll('*')]) el.scrollTop = 0;
      return [...d.querySelectorAll('tbody tr')].filter(
        (r) => r.getBoundingClientRect().bottom <= innerHeight,
      ).length;
    });
    expect(rowsInView).toBeGreaterThanOrEqual(4);
    await dialog
      .getByRole('row', { name: /Reimprimió/ })
      .first()
      .scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('console-audit-words.png') });
  });

  it('keeps the way out of the kiosk in its own tab, behind a confirmation', async () => {
    for (const tab of ['Actas', 'Transmisión', 'Bitácora']) {
      await dialog.getByRole('tab', { name: tab }).click();
      expect(await dialog.getByRole('button', { name: 'Salir del modo kiosco' }).count()).toBe(0);
      expect(await dialog.getByRole('button', { name: 'Apagado controlado' }).count()).toBe(0);
    }
    await dialog.getByRole('tab', { name: 'Estación' }).click();
    const exit = dialog.getByRole('button', { name: 'Salir del modo kiosco' });
    const panel = await dialog.getByRole('tabpanel').boundingBox();
    const button = await exit.boundingBox();
    expect(button!.width).toBeLessThan(panel!.width / 2); // not a full-width button
    await exit.click();
    expect(await step().getByLabel('Motivo de esta acción').inputValue()).toBe('');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Volver sin hacer nada' }).click();
    expect(await step().count()).toBe(0);
    expect(s.station.app.child.exitCode).toBeNull(); // still running
    await page.screenshot({ path: screenshotPath('console-station-tab.png') });
    await page.keyboard.press('Escape');
  });

  it('says the audit log in English, with English dates, when the station is in English', async () => {
    await page.keyboard.press('Alt+i');
    await page.keyboard.press('Control+Alt+s');
    const en = page.getByRole('dialog', { name: 'Supervisor console' });
    await en.getByLabel('Supervisor ID').fill(s.station.supervisor.id);
    await en.getByLabel('Supervisor PIN').fill(s.station.supervisor.pin);
    await page.keyboard.press('Enter');
    await en.getByRole('tab', { name: 'Audit log' }).click();
    const row = en.getByRole('row', { name: /Reprinted the acopio label/ }).first();
    await row.waitFor({ timeout: 10_000 });
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(SECOND_REASON); // the reason as typed
    expect(text).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d:\d\d/); // "Dec 3, 2026, 22:15:04"
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+i');
  });
});
