// The supervisor console as a supervisor meets it at an operator's screen: Ctrl+Alt+S, id + PIN,
// a reason, then a catalogue with one bad line (the line is named), a new operator, and the
// signed audit log copied to a folder standing in for the USB drive.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { confirmDecision, launchBrowser, screenshotPath, login } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { verifyAuditExport } from '../../electron/security/audit-export';

let station: AppProcess;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let dialog: Locator;
let usb: string;

const shot = screenshotPath;

beforeAll(async () => {
  usb = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-usb-'));
  // The temporary folder stands for the USB stick: the station allows it as a configured place.
  station = await startApp({ config: { files: { roots: [usb], removable: false } } });
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  fs.rmSync(usb, { recursive: true, force: true });
});

describe('supervisor console, end to end', () => {
  it('opens over the operator screen with Ctrl+Alt+S and the supervisor PIN', async () => {
    await page.goto(station.uiUrl);
    await login(page, station.operator);
    await expect.poll(() => page.getByTestId('status-scanner').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('Control+Alt+s');
    dialog = page.getByRole('dialog', { name: 'Consola del supervisor' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Clave del supervisor').fill(station.supervisor.id);
    await dialog.getByLabel('PIN del supervisor').fill(station.supervisor.pin);
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('tab', { name: 'Actas' }).isVisible()).toBe(true);
    await expect.poll(() => dialog.getByText('No hay actas esperando al supervisor.').isVisible()).toBe(true);
    await page.screenshot({ path: shot('supervisor-actas.png') });
  });

  it('names the bad line of a catalogue and stores nothing', async () => {
    await dialog.getByRole('tab', { name: 'Catálogo' }).click();
    await dialog
      .getByLabel('Pegue el contenido CSV')
      .fill('entidad,distrito,seccion,tipo,numero\n09,05,1234,B,1\n09,05,12X4,B,2\n09,05,1235,C,1\n');
    await dialog.getByRole('button', { name: 'Validar y cargar el catálogo' }).click();
    await confirmDecision(dialog, 'carga inicial del simulacro');
    const alert = dialog.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('1 líneas con errores');
    expect(await alert.textContent()).toContain('Línea 3');
    expect(await alert.textContent()).toContain('Sección no válida');
    expect(await dialog.getByText('No hay catálogo cargado.').isVisible()).toBe(true);
    await page.screenshot({ path: shot('supervisor-catalogue.png') });
  });

  it('creates an operator with the PIN typed twice', async () => {
    await dialog.getByRole('tab', { name: 'Operadores' }).click();
    await dialog.getByLabel('Clave', { exact: true }).fill('maria');
    await dialog.getByLabel('Nombre').fill('María Pérez');
    await dialog.getByLabel('PIN nuevo').fill('246810');
    await dialog.getByLabel('Repita el PIN').fill('246810');
    await dialog.getByRole('button', { name: 'Crear la cuenta' }).click();
    await confirmDecision(dialog, 'alta de la operadora del turno');
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Cuenta maria creada.');
    await expect.poll(() => dialog.getByRole('cell', { name: 'María Pérez' }).isVisible()).toBe(true);
    await page.screenshot({ path: shot('supervisor-operators.png') });
  });

  it('shows the audit log and exports it, signed, to removable media', async () => {
    await dialog.getByRole('tab', { name: 'Bitácora' }).click();
    await expect.poll(() => dialog.getByRole('cell', { name: 'maria', exact: true }).isVisible()).toBe(true);
    await dialog.getByLabel('Unidad o carpeta donde guardar').selectOption(usb);
    await dialog.getByRole('button', { name: 'Exportar la bitácora firmada' }).click();
    await confirmDecision(dialog, 'copia para el auditor');
    const status = dialog.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('Bitácora exportada');
    const jsonl = fs.readdirSync(usb).find((n) => n.endsWith('.jsonl'));
    expect(jsonl).toBeDefined();
    expect(await status.textContent()).toContain(jsonl);
    const verdict = verifyAuditExport(
      path.join(usb, jsonl!),
      fs.readFileSync(path.join(usb, `${jsonl!}.pub`), 'utf8'),
    );
    expect(verdict.ok).toBe(true);
    const lines = fs.readFileSync(path.join(usb, jsonl!), 'utf8');
    expect(lines).toContain('"operator.create"');
    expect(lines).toContain('alta de la operadora del turno');
    // The export's own entry (after the file was written) says why, in words, on screen.
    const exported = dialog.getByRole('row', { name: /Exportó la bitácora firmada/ });
    await expect.poll(() => exported.textContent(), { timeout: 10_000 }).toContain('copia para el auditor');
    await page.screenshot({ path: shot('supervisor-audit.png') });
  });

  it('shows the active link and the queue, and says there is nothing to carry on media', async () => {
    await dialog.getByRole('tab', { name: 'Transmisión' }).click();
    await expect
      .poll(() => dialog.getByTestId('tx-status').textContent(), { timeout: 10_000 })
      .toMatch(/Enlace activo: primario · \d+ por enviar/);
    await dialog.getByLabel('Memoria USB o carpeta autorizada').selectOption(usb);
    await dialog.getByRole('button', { name: 'Exportar las actas pendientes a la memoria' }).click();
    await confirmDecision(dialog, 'los dos enlaces caídos');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('No hay actas pendientes');
    await dialog.getByRole('button', { name: 'Pausar la transmisión' }).click();
    await confirmDecision(dialog, 'revisión del enlace');
    await expect.poll(() => dialog.getByTestId('tx-status').textContent()).toContain('TRANSMISIÓN EN PAUSA');
    await dialog.getByLabel('Enlace preferido').selectOption('respaldo');
    await confirmDecision(dialog, 'el primario pierde paquetes');
    await expect
      .poll(() => dialog.getByTestId('tx-status').textContent(), { timeout: 10_000 })
      .toContain('Enlace activo: respaldo');
    await page.screenshot({ path: shot('supervisor-transmission.png') });
    await dialog.getByRole('button', { name: 'Reanudar la transmisión' }).click();
    await confirmDecision(dialog, 'enlace revisado');
    await expect
      .poll(() => dialog.getByTestId('tx-status').textContent(), { timeout: 10_000 })
      .not.toContain('EN PAUSA');
  });
});
