// Runs the project's own commands as a user would, and reads their output line by line.
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface Running {
  child: ChildProcess;
  output: string[];
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Ends the whole process group (npm → node → children), as Ctrl+C would. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function run(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Running {
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  const output: string[] = [];
  const waiters = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      for (const w of waiters) w();
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const line of output) {
            const m = pattern.exec(line);
            if (m) {
              cleanup();
              resolve(m);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${output.join('\n')}`),
          );
        }, timeoutMs);
        const onExit = () => {
          check();
          cleanup();
          reject(
            new Error(`process exited before a line matching ${pattern}; output:\n${output.join('\n')}`),
          );
        };
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', onExit);
        };
        waiters.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    },
  };
}
