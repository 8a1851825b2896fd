// Runs a short command (device listing) without a shell, with a deadline, and returns what
// happened as a value: a missing program or a hung backend is an expected failure here.
import { spawn } from 'node:child_process';

export type ProcessResult =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: 'spawn-error'; code: string }
  | { kind: 'timeout'; stderr: string };

/** Output beyond this is dropped: a device listing is a few lines, anything larger is garbage. */
const MAX_CAPTURE_BYTES = 256 * 1024;

export function runProcess(
  command: string,
  args: readonly string[],
  opts: { env: NodeJS.ProcessEnv; timeoutMs: number },
): { result: Promise<ProcessResult>; kill: () => void } {
  const child = spawn(command, args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    if (stdout.length < MAX_CAPTURE_BYTES) stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < MAX_CAPTURE_BYTES) stderr += d;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs);
  const result = new Promise<ProcessResult>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ kind: 'spawn-error', code: err.code ?? 'UNKNOWN' });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve(timedOut ? { kind: 'timeout', stderr } : { kind: 'exited', code, signal, stdout, stderr });
    });
  });
  return { result, kill: () => child.kill('SIGKILL') };
}
