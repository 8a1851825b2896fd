// A real pseudo-terminal pair made by socat, standing in for a serial cable: the driver opens one
// end, a simulated device the other. Killing socat is pulling the cable; start() again plugs it
// back in (same link paths, new ptys). Free of vitest, so the soak (plain tsx) uses it too.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SOCAT = process.env.CATD_SOCAT ?? '/usr/bin/socat';
/** socat makes its links within a few ms; this bounds a broken machine. */
const LINKS_READY_TIMEOUT_MS = 5_000;

export interface PtyPair {
  /** The driver's end. */
  a: string;
  /** The simulated device's end. */
  b: string;
  pid(): number | undefined;
  /** (Re)starts socat; resolves when both links exist. */
  start(): Promise<void>;
  /** Kills socat by its pid and waits for it to exit. */
  kill(): Promise<void>;
  /** kill() and remove the folder. */
  dispose(): Promise<void>;
}

export async function startPtyPair(): Promise<PtyPair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-pty-'));
  const a = path.join(dir, 'ups-driver');
  const b = path.join(dir, 'ups-device');
  let child: ChildProcess | undefined;

  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await exited;
  };

  const start = async () => {
    await kill();
    for (const p of [a, b]) fs.rmSync(p, { force: true });
    // socat itself is the child (no shell), so its pid is the one we kill.
    child = spawn(SOCAT, [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
    const started = Date.now();
    while (!(fs.existsSync(a) && fs.existsSync(b))) {
      if (child.exitCode !== null) throw new Error(`socat exited with ${child.exitCode}`);
      if (Date.now() - started > LINKS_READY_TIMEOUT_MS) throw new Error('socat did not create its links');
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  await start();
  const pair: PtyPair = {
    a,
    b,
    pid: () => child?.pid,
    start,
    kill,
    dispose: async () => {
      live.delete(pair);
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(pair);
  return pair;
}

// If the process itself dies, no socat is left behind (tests also dispose of forgotten pairs
// at the end of each file: see pty.ts).
export const live = new Set<PtyPair>();
process.once('exit', () => {
  for (const p of live) {
    const pid = p.pid();
    if (pid)
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
  }
});
