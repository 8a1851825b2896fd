// Starts the workstation with the README's own command, in web mode, and reads what it prints.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, type Running } from './processes';

export interface AppProcess {
  app: Running;
  uiUrl: string;
  secondsToUi: number;
  operator: { id: string; pin: string };
  supervisor: { id: string; pin: string };
  dataDir: string;
  stop(): Promise<void>;
}

export async function startApp(opts: { config?: object; dataDir?: string } = {}): Promise<AppProcess> {
  // A given folder (a mount point, say) is emptied at stop, not removed.
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'catd-e2e-'));
  const args = ['start', '--', '--web', '--port', '0', '--data', dataDir];
  if (opts.config) {
    const file = path.join(dataDir, 'station.json');
    fs.writeFileSync(file, JSON.stringify(opts.config));
    args.push('--config', file);
  }
  const started = performance.now();
  const app = run('npm', args);
  const ui = await app.waitForLine(/^UI: (http:\/\/127\.0\.0\.1:\d+\/\S+)$/, 30_000);
  const secondsToUi = (performance.now() - started) / 1000;
  const op = await app.waitForLine(/Operador\s+id: (\S+)\s+PIN: (\d+)/, 5_000);
  const sup = await app.waitForLine(/Supervisor\s+id: (\S+)\s+PIN: (\d+)/, 5_000);
  return {
    app,
    uiUrl: ui[1]!,
    secondsToUi,
    operator: { id: op[1]!, pin: op[2]! },
    supervisor: { id: sup[1]!, pin: sup[2]! },
    dataDir,
    stop: async () => {
      await app.stop();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      else
        for (const f of fs.readdirSync(dataDir))
          fs.rmSync(path.join(dataDir, f), { recursive: true, force: true });
    },
  };
}

/** A station whose scanner is a hot folder: the test drops rendered actas in `folder`. */
export function hotFolderConfig(folder: string): object {
  return {
    devices: {
      scanner: {
        driver: 'hot-folder',
        folder,
        settleMs: 100,
        batchIdleMs: 1_000,
        firstPageTimeoutMs: 20_000,
      },
    },
  };
}
