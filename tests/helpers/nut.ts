// Real NUT from Debian for tests: the dummy-ups driver serving a .dev file and upsd serving it on
// 127.0.0.1, in a private folder (NUT_CONFPATH/NUT_STATEPATH/NUT_ALTPIDPATH), on a free port.
// Each process is ours, started without a shell and ended by its pid, even when a test fails.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const NUT_DRIVER = process.env.CATD_NUT_DUMMY ?? '/lib/nut/dummy-ups';
export const NUT_UPSD = process.env.CATD_NUT_UPSD ?? '/lib/nut/upsd';
/** upsd and the driver start in well under a second here; this bounds a broken machine. */
const NUT_READY_TIMEOUT_MS = 10_000;
/** A process that ignores SIGTERM this long is killed. */
const NUT_KILL_GRACE_MS = 2_000;

export interface NutServer {
  port: number;
  ups: string;
  dir: string;
  /** Rewrites the dummy's .dev file (upsd shows the change within ~2 s). */
  writeDev(content: string): void;
  startDriver(): Promise<void>;
  stopDriver(): Promise<void>;
  /** SIGSTOP / SIGCONT: the driver stays connected but stops updating (upsd reports DATA-STALE after MAXAGE). */
  pauseDriver(): void;
  resumeDriver(): void;
  startUpsd(): Promise<void>;
  stopUpsd(): Promise<void>;
  /** Output of both processes, for failure messages. */
  output(): string;
  dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Asks upsd one line and returns its first answer line, or null if it does not answer. */
export async function askUpsd(port: number, line: string, timeoutMs = 1_000): Promise<string | null> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let buf = '';
    const done = (v: string | null) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    sock.on('error', () => done(null));
    sock.on('connect', () => sock.write(`${line}\n`));
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl >= 0) done(buf.slice(0, nl));
    });
  });
}

export async function startNut(opts: {
  dev: string;
  ups?: string;
  maxAgeSeconds?: number;
}): Promise<NutServer> {
  const ups = opts.ups ?? 'catdups';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-nut-'));
  const port = await freePort();
  const devFile = path.join(dir, `${ups}.dev`);
  fs.writeFileSync(devFile, opts.dev);
  fs.writeFileSync(
    path.join(dir, 'ups.conf'),
    `[${ups}]\n  driver = dummy-ups\n  port = ${ups}.dev\n  desc = "catd test"\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'upsd.conf'),
    `LISTEN 127.0.0.1 ${port}\n` + (opts.maxAgeSeconds ? `MAXAGE ${opts.maxAgeSeconds}\n` : ''),
  );
  fs.writeFileSync(path.join(dir, 'upsd.users'), '', { mode: 0o600 });
  fs.chmodSync(dir, 0o700);
  const env = { ...process.env, NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  const logs: string[] = [];
  let driver: ChildProcess | undefined;
  let upsd: ChildProcess | undefined;

  const launch = (file: string, args: string[], tag: string): ChildProcess => {
    const child = spawn(file, args, { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const s of [child.stdout!, child.stderr!])
      s.on('data', (d: Buffer) => logs.push(`[${tag}] ${d.toString()}`));
    return child;
  };

  const waitUntil = async (what: string, check: () => Promise<boolean> | boolean, child: ChildProcess) => {
    const started = Date.now();
    while (!(await check())) {
      if (child.exitCode !== null)
        throw new Error(`${what}: process exited ${child.exitCode}\n${logs.join('')}`);
      if (Date.now() - started > NUT_READY_TIMEOUT_MS)
        throw new Error(`${what}: not ready\n${logs.join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const kill = async (child: ChildProcess | undefined) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGCONT'); // a paused process cannot act on SIGTERM
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, NUT_KILL_GRACE_MS))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };

  const server: NutServer = {
    port,
    ups,
    dir,
    writeDev(content) {
      // Written whole then renamed, so the driver never reads half a file.
      const tmp = `${devFile}.tmp`;
      fs.writeFileSync(tmp, content);
      fs.renameSync(tmp, devFile);
    },
    async startDriver() {
      await kill(driver);
      driver = launch(NUT_DRIVER, ['-a', ups, '-u', 'root', '-F'], 'dummy-ups');
      const d = driver;
      await waitUntil(
        'dummy-ups',
        () => fs.readdirSync(dir).some((f) => f.startsWith(`dummy-ups-${ups}`)),
        d,
      );
    },
    async stopDriver() {
      await kill(driver);
      driver = undefined;
    },
    pauseDriver() {
      driver?.kill('SIGSTOP');
    },
    resumeDriver() {
      driver?.kill('SIGCONT');
    },
    async startUpsd() {
      await kill(upsd);
      upsd = launch(NUT_UPSD, ['-u', 'root', '-F'], 'upsd');
      const u = upsd;
      await waitUntil(
        'upsd',
        // "WAIT" is the driver still reading its .dev file.
        async () =>
          /^VAR \S+ ups\.status "(?!WAIT")/.test((await askUpsd(port, `GET VAR ${ups} ups.status`)) ?? ''),
        u,
      );
    },
    async stopUpsd() {
      await kill(upsd);
      upsd = undefined;
    },
    output: () => logs.join(''),
    async dispose() {
      await kill(upsd);
      await kill(driver);
      upsd = driver = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.startDriver();
    await server.startUpsd();
  } catch (err) {
    await server.dispose();
    throw err;
  }
  return server;
}
