// A trainee at the keyboard of a training station, in Chromium: the first-hour lesson's actas
// received with the code reader (the label typed into the focused field, then Enter, as a wedge
// reader does), scanned with F8, checked on the scan screen, and accepted at verification with
// F9. What the trainee does is tallied here as it happens, so the report is checked against the
// trainee's own doings, not against numbers written in the test.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { confirmDecision, openConsole } from './browser';
import { scenarioKeyLabel, type Scenario } from '../../shared/training/scenario';

/** What the trainee did, as the trainer's report should count it. */
export interface TraineeTally {
  completed: number;
  defectiveCaught: number;
  defectiveAccepted: number;
  goodRejected: number;
  /** Seconds from "Acta recibida" on screen to the verification's result on screen, per acta. */
  seconds: number[];
}

export class Trainee {
  readonly tally: TraineeTally = {
    completed: 0,
    defectiveCaught: 0,
    defectiveAccepted: 0,
    goodRejected: 0,
    seconds: [],
  };
  private receivedAt = 0;

  constructor(
    readonly page: Page,
    readonly lesson: Scenario,
  ) {}

  /** Acopio (Alt+1): the code reader types the acta's label into the focused field, then Enter. */
  async receive(casilla: string): Promise<void> {
    const { page } = this;
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
    await page.getByLabel('Clave del acta (lector de código)').waitFor();
    await page.keyboard.type(scenarioKeyLabel(this.lesson, casilla));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('acopio-result').textContent(), { timeout: 10_000 })
      .toContain('Acta recibida');
    this.receivedAt = Date.now();
  }

  /** Digitalización (F8 from acopio), then F8 to scan: the gate's word on the batch. */
  async scan(): Promise<'good' | 'rejected'> {
    const { page } = this;
    if (!(await page.getByRole('heading', { name: 'Digitalización' }).isVisible())) {
      await page.keyboard.press('F8');
      await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
    }
    await page.getByRole('button', { name: /F8/ }).and(page.locator(':enabled')).waitFor();
    // A rescan: the last scan's outcome is still on screen until the new one replaces it.
    await page.evaluate(() =>
      document.querySelector('[data-testid="scan-outcome"]')?.setAttribute('data-earlier', ''),
    );
    await page.keyboard.press('F8');
    const outcome = page.locator('[data-testid="scan-outcome"]:not([data-earlier])');
    await expect
      .poll(() => outcome.textContent(), { timeout: 60_000 })
      .toMatch(/Todas las páginas están bien|no pasaron/);
    return (await outcome.textContent())!.includes('no pasaron') ? 'rejected' : 'good';
  }

  /** The verdict beside the first page of the last scan, as the trainee reads it. */
  verdict(): Promise<string | null> {
    return this.page.getByTestId('verdict').first().textContent();
  }

  /** Verificación (F9 from the scan screen, or Alt+3 after the console), then F9 accepts. */
  async accept(via: 'F9' | 'Alt+3' = 'F9'): Promise<void> {
    const { page } = this;
    // From the scan screen, F9 works once the screen offers it (the acta has become digitalizada).
    if (via === 'F9') await page.getByRole('button', { name: /F9/ }).waitFor();
    await page.keyboard.press(via);
    await page.getByRole('heading', { name: 'Verificación' }).waitFor();
    await page.getByRole('button', { name: /F9/ }).and(page.locator(':enabled')).waitFor();
    await page.keyboard.press('F9');
    await expect
      .poll(() => page.getByTestId('verify-result').textContent(), { timeout: 10_000 })
      .toMatch(/En cola|Transmitida|Acuse/);
    this.tally.completed++;
    this.tally.seconds.push((Date.now() - this.receivedAt) / 1000);
  }

  /** At verification, F7 and a typed reason: the acta goes back to be scanned again. */
  async rejectAtVerification(reason: string): Promise<void> {
    const { page } = this;
    await page.getByRole('button', { name: /F9/ }).waitFor();
    await page.keyboard.press('F9');
    await page.getByRole('heading', { name: 'Verificación' }).waitFor();
    await page.getByRole('button', { name: /F7/ }).and(page.locator(':enabled')).waitFor();
    await page.keyboard.press('F7');
    await page.getByLabel('Motivo').waitFor();
    await page.keyboard.type(reason);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toContain('Rechazada');
    await page.keyboard.press('F8'); // back to Digitalización, to scan it again
    await page.getByRole('heading', { name: 'Digitalización' }).waitFor();
  }

  /**
   * The trainee calls the supervisor over a rejected sheet, and the supervisor (Ctrl+Alt+S at the
   * same keyboard) accepts the page the gate refused, with a reason: the defective sheet becomes
   * the acta's image. Returns the console's line about the page, as the supervisor read it.
   */
  async supervisorAcceptsRejectedPage(
    supervisor: { id: string; pin: string },
    reason: string,
  ): Promise<string> {
    const { page } = this;
    const dialog = await openConsole(page, supervisor);
    const row = dialog.getByRole('row', { name: /Rechazada/ });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByRole('button', { name: 'Elegir' }).click();
    const line: Locator = dialog.getByText(/rechazada: /);
    await line.first().waitFor({ timeout: 10_000 });
    const said = (await line.first().textContent()) ?? '';
    await dialog.getByRole('button', { name: 'Aceptar esta página' }).click();
    await confirmDecision(dialog, reason);
    await dialog.getByRole('status').filter({ hasText: 'Hecho.' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    return said;
  }
}

/**
 * The trainer's table on the report, one row per operator, by column heading (so a column added
 * to the report does not shift what a test reads).
 */
export async function reportRow(page: Page, operator: string): Promise<Record<string, string>> {
  const table = page.getByTestId('training-score');
  const heads = await table.locator('thead th').allTextContents();
  const row = table.locator('tbody tr', { has: page.getByRole('cell', { name: operator, exact: true }) });
  const cells = await row.locator('td').allTextContents();
  return Object.fromEntries(heads.map((h, i) => [h.trim(), (cells[i] ?? '').trim()]));
}
