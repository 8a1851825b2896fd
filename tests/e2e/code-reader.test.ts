// A serial QR reader at acopio (on a socat pty, as a USB-serial reader appears): the label it reads
// receives the acta on screen with no key pressed; a garbled read is shown in words.
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openAsOperator, type StationBrowser } from '../helpers/browser';
import { startApp, type AppProcess } from '../helpers/app-process';
import { startPtyPair, type PtyPair } from '../helpers/pty';
import { formatActaKeyLabel } from '../../shared/acta-key';

let pty: PtyPair;
let reader: SerialPort;
let station: AppProcess;
let browser: StationBrowser;
let page: Page;

beforeAll(async () => {
  pty = await startPtyPair();
  station = await startApp({
    config: { devices: { codeReader: { driver: 'serial', name: 'Lector QR', path: pty.a } } },
  });
  reader = new SerialPort({ path: pty.b, baudRate: 9600 });
  await new Promise<void>((resolve, reject) => reader.once('open', () => resolve()).once('error', reject));
  ({ browser, page } = await openAsOperator(station));
  await page.keyboard.press('Alt+1');
  await page.getByRole('heading', { name: 'Acopio: recibir un acta' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (reader?.isOpen ? reader.close(() => r()) : r()));
  await station?.stop();
  await pty?.dispose();
});

describe('serial code reader at acopio', () => {
  it('receives the acta the reader reads, with no key pressed', async () => {
    const label = formatActaKeyLabel({
      year: 2024,
      election: 'GUB',
      entidad: '21',
      distrito: '07',
      seccion: '1802',
      casillaType: 'E',
      casillaNumber: 1,
    });
    // The reader may still be connecting: send until the screen shows the acta.
    await expect
      .poll(
        async () => {
          reader.write(`${label}\r`);
          return page
            .getByTestId('acopio-result')
            .textContent({ timeout: 1_000 })
            .catch(() => '');
        },
        { timeout: 15_000, interval: 1_500 },
      )
      .toContain('Acta recibida');
    expect(await page.getByTestId('acopio-result').textContent()).toContain('GUB · 21-07 · 1802 E1');
  });

  it('shows a read with a wrong check digit in words', async () => {
    reader.write('PREP|2024|GUB|21|07|1802|E|1|0\r');
    await expect
      .poll(() => page.getByTestId('reader-error').textContent(), { timeout: 10_000 })
      .toMatch(/\S/);
    expect(await page.getByTestId('reader-error').textContent()).toContain(
      'El dígito verificador no corresponde',
    );
  });
});
