// Real CUPS from Debian for tests: a private cupsd (own ServerRoot, spool, logs and port on
// 127.0.0.1; the system's scheduler, if any, is never touched) with one cups-pdf queue writing
// into a temp folder. cups-pdf reads its per-queue config from a compiled-in path,
// /etc/cups/cups-pdf-<uri name>.conf, so that one file is written there under a unique name and
// removed on dispose. cupsd runs as root (cups-pdf needs it), filters as lp.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './nut';

export const CUPSD = '/usr/sbin/cupsd';
export const CUPS_PDF_PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd';
/** cupsd answers in well under a second here; this bounds a broken machine. */
const CUPS_READY_TIMEOUT_MS = 10_000;
/** A converted job lands in the output folder in ~1 s (ghostscript). */
export const CUPS_PDF_TIMEOUT_MS = 20_000;

export interface CupsServer {
  /** "127.0.0.1:port", for `lp -h` / the driver's `server`. */
  server: string;
  queue: string;
  outDir: string;
  /** Waits for the next PDF cups-pdf writes (one not seen before) and returns its path. */
  nextPdf(timeoutMs?: number): Promise<string>;
  lpadmin(args: string[]): void;
  log(): string;
  dispose(): Promise<void>;
}

export function cupsAvailable(): boolean {
  return (
    process.getuid?.() === 0 &&
    fs.existsSync(CUPSD) &&
    fs.existsSync('/usr/lib/cups/backend/cups-pdf') &&
    fs.existsSync('/usr/bin/pdftoppm')
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startCups(): Promise<CupsServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-cups-'));
  fs.chmodSync(dir, 0o755);
  const sub = (n: string) => path.join(dir, n);
  for (const d of ['spool', 'spool/tmp', 'cache', 'state', 'log', 'out', 'ppd']) fs.mkdirSync(sub(d));
  fs.chmodSync(sub('spool/tmp'), 0o1777);
  fs.chmodSync(sub('out'), 0o777);
  const lp = spawnSync('getent', ['group', 'lp'], { encoding: 'utf8' }).stdout.split(':')[2];
  for (const d of ['spool', 'cache', 'state']) {
    fs.chownSync(sub(d), 0, Number(lp));
    fs.chmodSync(sub(d), 0o775);
  }
  const port = await freePort();
  const server = `127.0.0.1:${port}`;
  fs.writeFileSync(
    sub('cupsd.conf'),
    [
      `Listen ${server}`,
      'LogLevel info',
      'DefaultAuthType None',
      'WebInterface No',
      'Browsing No',
      '<Location />',
      '  Order allow,deny',
      '  Allow 127.0.0.1',
      '</Location>',
      '<Policy default>',
      '  <Limit All>',
      '    Order allow,deny',
      '    Allow all',
      '  </Limit>',
      '</Policy>',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    sub('cups-files.conf'),
    [
      `ServerRoot ${dir}`,
      `RequestRoot ${sub('spool')}`,
      `TempDir ${sub('spool/tmp')}`,
      `CacheDir ${sub('cache')}`,
      `StateDir ${sub('state')}`,
      `ErrorLog ${sub('log/error_log')}`,
      `AccessLog ${sub('log/access_log')}`,
      `PageLog ${sub('log/page_log')}`,
      'ServerBin /usr/lib/cups',
      'DataDir /usr/share/cups',
      'User lp',
      'Group lp',
      'SystemGroup root',
      'Sandboxing Relaxed',
      '',
    ].join('\n'),
  );
  const queue = `catd${process.pid}x${port}`;
  const pdfConf = `/etc/cups/cups-pdf-${queue}.conf`;
  fs.mkdirSync('/etc/cups', { recursive: true });
  fs.writeFileSync(
    pdfConf,
    [
      `Out ${sub('out')}`,
      `AnonDirName ${sub('out')}`,
      'UserUMask 0000',
      'Grp lp',
      `Log ${sub('log')}`,
      '',
    ].join('\n'),
  );
  let output = '';
  const cupsd: ChildProcess = spawn(CUPSD, ['-f', '-c', sub('cupsd.conf'), '-s', sub('cups-files.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cupsd.stdout!.on('data', (d) => (output += d));
  cupsd.stderr!.on('data', (d) => (output += d));
  const log = () => {
    const err = fs.existsSync(sub('log/error_log')) ? fs.readFileSync(sub('log/error_log'), 'utf8') : '';
    return `${output}\n${err}`.slice(-4000);
  };
  const deadline = Date.now() + CUPS_READY_TIMEOUT_MS;
  while (
    spawnSync('lpstat', ['-h', server, '-r'], { encoding: 'utf8' }).stdout.trim() !== 'scheduler is running'
  ) {
    if (Date.now() > deadline || cupsd.exitCode !== null) throw new Error(`cupsd did not start:\n${log()}`);
    await sleep(100);
  }
  const lpadmin = (args: string[]) => {
    const r = spawnSync('lpadmin', ['-h', server, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`lpadmin ${args.join(' ')}: ${r.stderr}`);
  };
  lpadmin(['-p', queue, '-E', '-v', `cups-pdf:/${queue}`, '-P', CUPS_PDF_PPD]);
  const seen = new Set<string>(); // name@mtime: a title used again overwrites its file
  return {
    server,
    queue,
    outDir: sub('out'),
    lpadmin,
    log,
    async nextPdf(timeoutMs = CUPS_PDF_TIMEOUT_MS) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const stamp = (f: string) => `${f}@${fs.statSync(path.join(sub('out'), f)).mtimeMs}`;
        const fresh = fs.readdirSync(sub('out')).filter((f) => f.endsWith('.pdf') && !seen.has(stamp(f)));
        if (fresh.length) {
          const file = path.join(sub('out'), fresh[0]!);
          // cups-pdf writes in place: wait for a complete file (it ends with %%EOF).
          if (fs.readFileSync(file, 'latin1').trimEnd().endsWith('%%EOF')) {
            seen.add(stamp(fresh[0]!));
            return file;
          }
        }
        if (Date.now() > until) throw new Error(`no PDF from cups-pdf:\n${log()}`);
        await sleep(100);
      }
    },
    async dispose() {
      if (cupsd.exitCode === null) {
        const exited = new Promise((r) => cupsd.once('exit', r));
        cupsd.kill('SIGTERM');
        await Promise.race([exited, sleep(3000)]);
        if (cupsd.exitCode === null) cupsd.kill('SIGKILL');
      }
      fs.rmSync(pdfConf, { force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
