// The simulated Megatec UPS answers like a real unit over a real pty, in each scripted condition,
// and comes back when its port does (socat restarted).
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { MegatecSimulator } from '../../../sim/ups/megatec';
import { startPtyPair, type PtyPair } from '../../helpers/pty';

async function openClient(path: string) {
  const port = new SerialPort({ path, baudRate: 2400, autoOpen: false });
  port.on('error', () => {});
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  let rx = '';
  port.on('data', (d: Buffer) => (rx += d.toString('latin1')));
  return {
    /** Sends a command and returns whatever arrived within the wait. */
    async ask(command: string, waitMs = 150): Promise<string> {
      rx = '';
      port.write(`${command}\r`);
      await new Promise((r) => setTimeout(r, waitMs));
      return rx;
    },
    close: () => new Promise<void>((r) => (port.isOpen ? port.close(() => r()) : r())),
  };
}

describe('Megatec UPS simulator', () => {
  let pty: PtyPair | undefined;
  let sim: MegatecSimulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    await pty?.dispose();
    sim = pty = undefined;
  });

  it('answers Q1, F and I, and follows its scripted condition', async () => {
    pty = await startPtyPair();
    sim = new MegatecSimulator({ path: pty.b });
    await sim.start();
    const client = await openClient(pty.a);
    try {
      expect(await client.ask('Q1')).toBe('(226.0 195.0 226.0 014 49.0 27.5 30.0 00001000\r');
      expect(await client.ask('F')).toBe('#220.0 000 024.0 50.0\r');
      expect(await client.ask('I')).toMatch(/^#SIMULADO\s+UPS1000-Q1\s+V1\.0\s*\r$/);
      sim.setCondition('on_battery');
      expect(await client.ask('Q1')).toMatch(/^\(000\.0 .* 1\d{7}\r$/);
      sim.setCondition('silence');
      expect(await client.ask('Q1')).toBe('');
      sim.setCondition('truncated');
      expect(await client.ask('Q1')).not.toContain('\r');
      expect(sim.received.filter((c) => c === 'Q1')).toHaveLength(4);
    } finally {
      await client.close();
    }
  });

  it('reopens its end when the pty pair comes back', async () => {
    pty = await startPtyPair();
    sim = new MegatecSimulator({ path: pty.b });
    await sim.start();
    await pty.kill();
    await new Promise((r) => setTimeout(r, 200));
    await pty.start();
    await new Promise((r) => setTimeout(r, 300));
    const client = await openClient(pty.a);
    try {
      expect(await client.ask('Q1')).toMatch(/^\(226\.0/);
    } finally {
      await client.close();
    }
  });
});
