// Named instants where the reliability harness may kill the core with SIGKILL (no cleanup, no
// flush), to prove that nothing is lost or half-written at exactly the moments that matter: an
// image written but not yet renamed, a commit not yet made, a receipt received but not recorded.
// A timer-driven kill lands on these only by luck; the harness arms one through the environment
// (`CATD_CRASH_AT=name:n`: die at the n-th time that point is reached). Unarmed, as in
// production, a point is one comparison.
import fs from 'node:fs';

export const CRASH_POINTS = [
  /** Image bytes written to the temp file, not yet fsynced. */
  'blob.written',
  /** Temp file renamed to its hash, folder not yet fsynced. */
  'blob.renamed',
  /** Image stored, its page row not yet recorded. */
  'capture.stored',
  /** Inside a workflow transaction, every statement run, not yet committed (it must roll back). */
  'workflow.commit',
  /** A workflow transaction committed, its hooks (the outbox) not yet run. */
  'workflow.committed',
  /** Attempt recorded as failed, no byte sent yet. */
  'outbox.attempt',
  /** One image chunk accepted by the central, more to send. */
  'transmit.chunk',
  /** A verified receipt in hand, not yet recorded. */
  'transmit.receipt',
  /** Receipt recorded in the outbox, the acta not yet marked acknowledged. */
  'outbox.delivered',
  /** A switch into or out of training audited in the database being left, the mode file not yet replaced. */
  'training.audited',
  /** The mode file replaced, the core not yet restarted on the other data folder. */
  'training.switched',
  /** The central recorded a late acopio report, the station has not yet marked it sent. */
  'catd.reported',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** Printed (synchronously, to stderr) just before the kill, so the harness can count where it landed. */
export const CRASH_POINT_LINE = 'crash-point';

interface Armed {
  point: CrashPoint;
  remaining: number;
}

/** Parses `name:n`; anything else leaves every point unarmed (a typo must not kill production). */
export function parseCrashSpec(spec: string | undefined): Armed | null {
  if (!spec) return null;
  const m = /^([a-z.]+):(\d{1,6})$/.exec(spec);
  if (!m || !(CRASH_POINTS as readonly string[]).includes(m[1]!) || Number(m[2]) < 1) return null;
  return { point: m[1] as CrashPoint, remaining: Number(m[2]) };
}

const armed = parseCrashSpec(process.env.CATD_CRASH_AT);

export function crashPoint(point: CrashPoint): void {
  if (armed === null || armed.point !== point) return;
  if (--armed.remaining > 0) return;
  fs.writeSync(2, `${CRASH_POINT_LINE} ${point}\n`);
  process.kill(process.pid, 'SIGKILL');
}
