// The CUPS driver against a real, private cupsd with a cups-pdf queue: the label goes through the
// whole print pipeline (lp → cupsd → filters → ghostscript → cups-pdf), the PDF that comes out is
// rendered at 300 dpi by pdftoppm and read by our QR reader to the same key. A stopped queue is
// "paused", a scheduler that is gone is "offline", and the queue's alerts map to typed states.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identifyFromQr, scanQr } from '../../../../electron/capture/identify';
import { CupsPrinter, stateOfLpstat } from '../../../../electron/capture/printers/cups-printer';
import { systemClock } from '../../../../electron/platform/clock';
import { cupsAvailable, startCups, type CupsServer } from '../../../helpers/cups';
import { tempDir } from '../../../helpers/temp';
import { KEY, greyOf, label, station } from './label-fixture';

const WHOLE = { left: 0, top: 0, width: 1, height: 1 };

describe('lpstat output to printer state', () => {
  const head = 'printer q is idle.  enabled since Wed Dec  2 18:30:10 2026\n\tForm mounted:\n';
  it.each([
    [`${head}\tAlerts: none\n`, 'ready'],
    [`${head}\tAlerts: media-empty-error media-empty-report\n`, 'paper_out'],
    [`${head}\tAlerts: cover-open-report\n`, 'head_open'],
    [`${head}\tAlerts: offline-report\n`, 'offline'],
    ['printer q disabled since Wed Dec  2 18:30:10 2026 -\n\treason unknown\n\tAlerts: paused\n', 'paused'],
    ['lpstat: No destinations added.\n', 'offline'],
  ] as const)('%j → %s', (out, state) => {
    expect(stateOfLpstat(out)).toBe(state);
  });
});

describe.runIf(cupsAvailable())('CUPS printer (private cupsd, cups-pdf queue)', () => {
  let cups: CupsServer;
  beforeAll(async () => {
    cups = await startCups();
  }, 30_000);
  afterAll(async () => {
    await cups?.dispose();
  });

  it('prints the label; the PDF cups-pdf writes, at 300 dpi, reads back to the same key', async () => {
    const driver = new CupsPrinter(systemClock, { queue: cups.queue, server: cups.server });
    const l = label(station(), true);
    const t0 = Date.now();
    expect(await driver.print(l)).toEqual({ ok: true, value: undefined });
    const submitMs = Date.now() - t0;
    expect(submitMs).toBeLessThan(2000);
    expect(driver.status()).toMatchObject({ kind: 'printer', driver: 'cups', state: 'ready', health: 'ok' });
    const pdf = await cups.nextPdf();
    const dir = tempDir('cups-out');
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', '-singlefile', pdf, path.join(dir, 'p')]);
    const g = await greyOf(path.join(dir, 'p.png'));
    const scan = await scanQr(g.data, g.w, g.h, WHOLE);
    expect(scan).toMatchObject({ found: true, text: l.qrText });
    expect(identifyFromQr(scan)).toMatchObject({ ok: true, value: { key: KEY } });
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('REIMPRESIÓN');
    expect(text).toContain('PRES · 09-05 · 1234 B1');
  }, 40_000);

  it('a stopped queue is paused and refuses the print; enabled again, it prints', async () => {
    const driver = new CupsPrinter(systemClock, { queue: cups.queue, server: cups.server });
    execFileSync('cupsdisable', ['-h', cups.server, cups.queue]);
    expect(await driver.print(label())).toMatchObject({
      ok: false,
      error: { state: 'paused', messageKey: 'printer.fail.paused' },
    });
    execFileSync('cupsenable', ['-h', cups.server, cups.queue]);
    expect((await driver.print(label())).ok).toBe(true);
    await cups.nextPdf();
  }, 40_000);

  it('a scheduler that is gone is offline', async () => {
    const driver = new CupsPrinter(systemClock, { queue: cups.queue, server: '127.0.0.1:1' });
    expect(await driver.print(label())).toMatchObject({ ok: false, error: { state: 'offline' } });
    expect(driver.status()).toMatchObject({ state: 'offline', health: 'offline' });
  });
});
