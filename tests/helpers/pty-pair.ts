// A real serial line for tests: socat joins two pseudo-terminals, the driver opens one end and
// the simulated device the other. Killing socat is what unplugging a USB-serial adapter looks
// like to both ends (the ports close, the device paths vanish); restart() plugs it back in.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** How long socat may take to create both links. */
const PTY_READY_TIMEOUT_MS = 3_000;
const PTY_EXIT_TIMEOUT_MS = 2_000;

export interface PtyPair {
  /** The end the driver under test opens. */
  readonly hostPath: string;
  /** The end the simulated device opens. */
  readonly devicePath: string;
  readonly pid: number | undefined;
  /** Ends socat (the cable is pulled); resolves when it has exited and the links are gone. */
  unplug(): Promise<void>;
  /** Starts socat again with the same paths. */
  replug(): Promise<void>;
  stop(): Promise<void>;
}

const live = new Set<PtyPair>();
afterEach(async () => {
  await Promise.all([...live].map((p) => p.stop()));
});
// Last resort if the runner dies between tests: never leave a socat behind.
process.once('exit', () => {
  for (const p of live) {
    if (p.pid)
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
  }
});

export async function startPtyPair(): Promise<PtyPair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-pty-'));
  const hostPath = path.join(dir, 'host');
  const devicePath = path.join(dir, 'device');
  let child: ChildProcess | null = null;

  const launch = async () => {
    const c = spawn('socat', [`pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = c;
    let stderr = '';
    c.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + PTY_READY_TIMEOUT_MS;
    while (!(fs.existsSync(hostPath) && fs.existsSync(devicePath))) {
      if (c.exitCode !== null || Date.now() > deadline) {
        throw new Error(`socat did not create the pty pair: ${stderr || `exit ${c.exitCode}`}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const end = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), PTY_EXIT_TIMEOUT_MS));
    if ((await Promise.race([exited, timer])) === 'late') {
      c.kill('SIGKILL');
      await exited;
    }
    // socat removes its links on SIGTERM; after SIGKILL they would dangle.
    fs.rmSync(hostPath, { force: true });
    fs.rmSync(devicePath, { force: true });
  };

  const pair: PtyPair = {
    hostPath,
    devicePath,
    get pid() {
      return (child as ChildProcess | null)?.pid;
    },
    unplug: end,
    replug: launch,
    stop: async () => {
      live.delete(pair);
      await end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(pair);
  try {
    await launch();
  } catch (err) {
    await pair.stop();
    throw err;
  }
  return pair;
}
