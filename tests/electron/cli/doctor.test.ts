// `catd doctor` against real peers: a Megatec UPS simulator on a socat pty, the reference intake,
// and a dead port; it says what works and what does not, and fails when something is down.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startPtyPair, type PtyPair } from '../../helpers/pty';
import { MegatecSimulator } from '../../../sim/ups/megatec';
import { startIntakeServer, type IntakeServer } from '../../../central/server';
import { tempDir } from '../../helpers/temp';
import { ZplPrinterSim } from '../../../sim/printers/zpl-printer';
import { SerialPort } from 'serialport';

const run = promisify(execFile);
let pty: PtyPair | undefined;
let sim: MegatecSimulator | undefined;
let intake: IntakeServer | undefined;
afterEach(async () => {
  await sim?.stop();
  await pty?.dispose();
  await intake?.close();
  sim = undefined;
  pty = undefined;
  intake = undefined;
});

async function doctor(config: object): Promise<{ code: number; out: string }> {
  const dir = tempDir();
  const file = path.join(dir, 'station.json');
  fs.writeFileSync(file, JSON.stringify(config));
  try {
    const r = await run(process.execPath, ['bin/catd.mjs', 'doctor', '--data', dir, '--config', file], {
      timeout: 30_000,
    });
    return { code: 0, out: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

describe('catd doctor', () => {
  it('shows the label printer: out of labels on a ZPL printer, and one that does not answer', async () => {
    const printer = new ZplPrinterSim();
    const port = await printer.listen();
    printer.setFaults({ paperOut: true });
    try {
      const out = await doctor({ devices: { printer: { driver: 'zpl', host: '127.0.0.1', port } } });
      expect(out.out).toMatch(
        /! Impresora de etiquetas\s+zpl\s+Sin etiquetas\s+ZPL 127.0.0.1:\d+ · La impresora no tiene etiquetas/,
      );
    } finally {
      await printer.close();
    }
    const dead = await doctor({ devices: { printer: { driver: 'zpl', host: '127.0.0.1', port: 1 } } });
    expect(dead.out).toMatch(/✕ Impresora de etiquetas\s+zpl\s+Sin conexión/);
    expect(dead.code).toBe(1);
  }, 60_000);

  it('shows a ZPL printer on USB by its device: head open over the cable, offline when it is not there', async () => {
    pty = await startPtyPair();
    const printer = new ZplPrinterSim();
    const cable = new SerialPort({ path: pty.b, baudRate: 115200 });
    await new Promise<void>((resolve, reject) => cable.once('open', resolve).once('error', reject));
    printer.serve(cable);
    printer.setFaults({ headOpen: true });
    try {
      const out = await doctor({ devices: { printer: { driver: 'zpl-usb', device: pty.a } } });
      expect(out.out).toMatch(/! Impresora de etiquetas\s+zpl\s+Cabezal abierto\s+ZPL USB \S+ · El cabezal/);
    } finally {
      await printer.close();
    }
    const gone = await doctor({
      devices: { printer: { driver: 'zpl-usb', device: '/dev/usb/lp-catd-absent' } },
    });
    expect(gone.out).toMatch(
      /✕ Impresora de etiquetas\s+zpl\s+Sin conexión\s+ZPL USB \/dev\/usb\/lp-catd-absent/,
    );
    expect(gone.code).toBe(1);
  }, 60_000);

  it('shows a live UPS and a reachable central, and names the link that is down', async () => {
    pty = await startPtyPair();
    sim = new MegatecSimulator({ path: pty.b });
    await sim.start();
    intake = await startIntakeServer({ ports: [0] });
    const r = await doctor({
      devices: { ups: { driver: 'megatec', path: pty.a } },
      links: [
        { name: 'fibra', role: 'primary', priority: 1, url: intake.urls[0] },
        { name: 'satelital', role: 'backup', priority: 2, url: 'http://127.0.0.1:1' },
      ],
    });
    expect(r.out).toMatch(/✓ UPS\s+megatec\s+En línea/);
    expect(r.out).toMatch(/✓ Enlace primario \(fibra\)\s+https\s+Conectado/);
    expect(r.out).toMatch(/✕ Enlace de respaldo \(satelital\)\s+https\s+Sin conexión\s+No se alcanza/);
    expect(r.out).toContain('1 equipo con falla o sin conexión');
    expect(r.code).toBe(1);
  });

  it('says a UPS on a missing port is disconnected, with the reason', async () => {
    intake = await startIntakeServer({ ports: [0] });
    const r = await doctor({
      devices: { ups: { driver: 'megatec', path: '/dev/ttyNOPE9' } },
      links: [{ name: 'fibra', role: 'primary', priority: 1, url: intake.urls[0] }],
    });
    expect(r.out).toMatch(/✕ UPS\s+megatec\s+Desconectado\s+\S/);
    expect(r.code).toBe(1);
  });
});
