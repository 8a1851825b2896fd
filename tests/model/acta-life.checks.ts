// What the model-based test compares. After every step: the station's actas, as its screens list
// them (actas.list over RPC), against the model. At the end of a run: no faults, the held records
// released, the queue drained; then every record the model says must be counted is acusada at the
// station and at the central exactly once, with its record number, resolution and supersedes
// chain; the central's standing records per casilla are the model's; a record that was never
// sendable never reached the central; and the supervisor's console shows no watchdog alarm.
import { modelStateOf, type ActaLifeModel, type ModelActa } from './acta-life.model';
import { STATION_ID, type LifeRig } from './acta-life-rig';

/** Time for the queue to drain once the link is up for good (a few actas, small images). */
export const DRAIN_TIMEOUT_MS = 60_000;

interface ListedActa {
  id: number;
  state: string;
  held: boolean;
  catalogue: string;
  supersedesActa: number | null;
  conflictWith: number | null;
  transmission: { state: string } | null;
}

async function listRun(m: ActaLifeModel, rig: LifeRig): Promise<Map<number, ListedActa>> {
  const list = await rig.op.must('query', 'actas.list', { search: m.searchTerm, limit: 1000 });
  return new Map((list.actas as ListedActa[]).map((a) => [a.id, a]));
}

export class ModelViolation extends Error {}

/** The station's state equals the model's (transmission states allowed to move on their own). */
export async function checkStation(m: ActaLifeModel, rig: LifeRig, step: string): Promise<void> {
  const listed = await listRun(m, rig);
  const v: string[] = [];
  for (const a of m.order) {
    const r = listed.get(a.id);
    const name = m.describe(a);
    if (!r) {
      v.push(`${name} is missing from the station's list`);
      continue;
    }
    if (modelStateOf(r.state as never) !== a.state)
      v.push(`${name} is ${r.state}, the model says ${a.state}`);
    if (r.state === 'en_cola' && r.held !== a.held)
      v.push(
        `${name} is en_cola ${r.held ? 'held' : 'not held'}, the model says ${a.held ? 'held' : 'not held'}`,
      );
    if (a.mustStay && r.state !== 'en_cola')
      v.push(`${name} was held before it could be sent, yet it is ${r.state}`);
    if (r.supersedesActa !== a.supersedes)
      v.push(`${name} supersedes ${r.supersedesActa}, the model says ${a.supersedes}`);
    if (r.catalogue !== a.catalogue)
      v.push(`${name} catalogue ${r.catalogue}, the model says ${a.catalogue}`);
    if (a.state === 'en_conflicto' && r.conflictWith !== a.conflictWith)
      v.push(`${name} conflicts with ${r.conflictWith}, the model says ${a.conflictWith}`);
    // What the queue screen shows: a record in the queue or beyond has an outbox entry of its own.
    if (a.state === 'queued' && r.transmission === null)
      v.push(
        `${name} is ${r.state} but the outbox holds nothing of its own to send (the queue screen shows nothing)`,
      );
  }
  for (const id of listed.keys())
    if (!m.actas.has(id)) v.push(`acta ${id} is at the station but the model never received it`);
  if (v.length) throw new ModelViolation(`after step ${step}:\n    ${v.join('\n    ')}`);
}

export interface RunEnd {
  drainMs: number;
  counted: number;
  centralRecords: number;
  standing: number;
  superseded: number;
  alarmsAllowed: number;
}

/** Ends a run: faults off, holds released, drain, a fresh watchdog pass, then the whole count. */
export async function finishRun(m: ActaLifeModel, rig: LifeRig): Promise<RunEnd> {
  if (!rig.centralUp) await rig.startCentral();
  m.centralUp = true;
  // The acopio reports owed go out first; late conflicts wait for a supervisor, never counted.
  if (m.order.some((a) => a.report)) {
    await rig.reportsSent();
    m.reportsDelivered();
  }
  for (const a of m.order.filter((x) => x.state === 'queued' && x.held)) {
    const r = (await rig.op.must('query', 'actas.get', { actaId: a.id })).acta;
    const ans = await rig.supervise('mutation', 'supervisor.actas.release', {
      actaId: a.id,
      version: r.version,
      reason: 'fin de la corrida del modelo',
    });
    if (!ans.ok && r.state === 'en_cola')
      throw new ModelViolation(`releasing ${m.describe(a)} at the end was refused: ${ans.message}`);
    a.held = false;
    a.mustStay = false;
  }
  m.exposeIfSendable();
  const t0 = Date.now();
  const counted = m.mustBeCounted();
  for (;;) {
    const listed = await listRun(m, rig);
    const stuck = counted.filter((a) => listed.get(a.id)?.state !== 'acusada');
    if (stuck.length === 0) break;
    if (Date.now() - t0 > DRAIN_TIMEOUT_MS)
      throw new ModelViolation(
        `not acknowledged ${DRAIN_TIMEOUT_MS / 1000} s after the link came back for good: ${stuck
          .map(
            (a) =>
              `${m.describe(a)} ${listed.get(a.id)?.state} ${JSON.stringify(listed.get(a.id)?.transmission)}`,
          )
          .join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 300));
  }
  const drainMs = Date.now() - t0;
  // The watchdog passes at start-up: its alarms are then about this state, not an older one.
  await rig.restartCore();
  await checkStation(m, rig, 'end (after the last restart)');
  const v: string[] = [];
  const alarmsAllowed = await checkAlarms(m, rig, v);
  const central = await checkCentral(m, rig, v);
  if (v.length) throw new ModelViolation(`at the end of the run:\n    ${v.join('\n    ')}`);
  return { drainMs, counted: counted.length, alarmsAllowed, ...central };
}

/**
 * No watchdog alarm, but for a record annulled while it was on its way: it may have been counted
 * (the upload finished as the supervisor decided: annulledButCounted) or its manifest had left the
 * station with no receipt back (annulledAfterAttempt); the watchdog must say so, and may.
 */
async function checkAlarms(m: ActaLifeModel, rig: LifeRig, v: string[]): Promise<number> {
  const att = await rig.supervise('query', 'supervisor.actas.attention');
  if (!att.ok) throw new Error(`attention refused: ${att.message}`);
  let allowed = 0;
  for (const al of att.data.alarms as Array<{ kind: string; actaId: number | null; actaKey: string }>) {
    if (!al.actaKey.includes(m.searchTerm)) continue;
    const a = al.actaId === null ? undefined : m.actas.get(al.actaId);
    const onItsWay = al.kind === 'annulledButCounted' || al.kind === 'annulledAfterAttempt';
    if (onItsWay && a?.state === 'anulada' && a.exposed) allowed++;
    else
      v.push(
        `watchdog alarm ${al.kind} for ${a ? m.describe(a) : al.actaKey} (outbox ${JSON.stringify(al)})`,
      );
  }
  return allowed;
}

async function checkCentral(
  m: ActaLifeModel,
  rig: LifeRig,
  v: string[],
): Promise<{ centralRecords: number; standing: number; superseded: number }> {
  const { records, delivered } = await rig.centralRecords();
  const actaOfKey = new Map<string, number>();
  for (const e of rig.stationOutbox()) if (e.actaId !== null) actaOfKey.set(e.idempotencyKey, e.actaId);
  const seen = new Map<string, number>();
  for (const d of delivered) seen.set(d.idempotencyKey, (seen.get(d.idempotencyKey) ?? 0) + 1);
  for (const [k, n] of seen) if (n > 1) v.push(`the central holds idempotency key ${k} ${n} times`);

  const mine = records.filter((r) => r.actaKey.includes(m.searchTerm));
  const byActa = new Map<number, typeof mine>();
  const actaOf = (r: (typeof mine)[number]): ModelActa | undefined =>
    m.actas.get(actaOfKey.get(r.idempotencyKey) ?? -1);
  for (const r of mine) {
    const a = actaOf(r);
    if (!a || r.stationId !== STATION_ID) {
      v.push(
        `the central counts record ${r.record} of ${r.actaKey} (${r.idempotencyKey}) that no acta of the run sent`,
      );
      continue;
    }
    byActa.set(a.id, [...(byActa.get(a.id) ?? []), r]);
    if (!a.exposed)
      v.push(
        `${m.describe(a)} (${a.state}) was never sendable (held, annulled or the link down) yet the central counts it`,
      );
  }
  for (const a of m.mustBeCounted()) {
    const recs = byActa.get(a.id) ?? [];
    if (recs.length !== 1) {
      v.push(`${m.describe(a)} is counted ${recs.length} times at the central, not once`);
      continue;
    }
    const r = recs[0]!;
    if (r.record !== a.record)
      v.push(`${m.describe(a)} is record ${r.record} at the central, the model says ${a.record}`);
    if (r.resolution !== m.resolutionOf(a))
      v.push(`${m.describe(a)} arrived as ${r.resolution}, the model says ${m.resolutionOf(a)}`);
  }
  // Which records stand: those no record at the central replaces (directly or down the chain).
  let standing = 0;
  for (const r of mine) {
    const a = actaOf(r);
    if (!a) continue;
    const replacers = mine.filter((x) => {
      const b = actaOf(x);
      return b !== undefined && m.chain(b).includes(a.id);
    });
    if (r.supersededBy === null) {
      standing++;
      if (replacers.length)
        v.push(
          `${m.describe(a)} still stands at the central though ${replacers.map((x) => m.describe(actaOf(x))).join(', ')} replaced it`,
        );
    } else if (!replacers.some((x) => x.idempotencyKey === r.supersededBy))
      v.push(`${m.describe(a)} is marked superseded by ${r.supersededBy}, which does not replace it`);
  }
  return { centralRecords: mine.length, standing, superseded: mine.length - standing };
}
