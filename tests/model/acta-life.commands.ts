// The commands of the model-based test: what an operator and a supervisor do at the station
// (receive, scan and rescan, reject at verification, verify, resolve a conflict each way, hold,
// release, annul, accept a key outside the catalogue, load a catalogue from the USB drive), and
// the weights fast-check draws them with, faults included (acta-life.faults.ts).
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { RpcAnswer } from '../reliability/station-client';
import { KEY_POOL, type ActaLifeModel, type ModelActa, type ModelState } from './acta-life.model';
import { must, real, REASON, Step, type Cmd, type LifeWorld } from './acta-life.steps';
import {
  LinkDown,
  LinkUp,
  MediaRoundTrip,
  OtherStation,
  RestartCentral,
  RestartCore,
} from './acta-life.faults';

/** A step on an acta in one of `states` (and passing `also`). */
abstract class ActaStep extends Step {
  protected abstract readonly states: readonly ModelState[];
  protected also(_a: ModelActa): boolean {
    return true;
  }
  private eligible(m: Readonly<ActaLifeModel>): ModelActa[] {
    return m.order.filter((a) => this.states.includes(a.state) && this.also(a));
  }
  override check(m: Readonly<ActaLifeModel>): boolean {
    return this.eligible(m).length > 0;
  }
  protected target(m: ActaLifeModel): ModelActa {
    const list = this.eligible(m);
    return list[this.pick % list.length]!;
  }
}

class Receive extends Step {
  readonly name = 'receive';
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const k = this.pick % KEY_POOL;
    const r = must(
      await w.rig.op.mutation('actas.receive', { keyText: m.label(k), source: 'reader' }),
      'actas.receive',
    );
    const a = m.received(r.acta.id, k, r.catdOnline);
    this.did = `receive(k${k}) → ${m.describe(a)} ${a.state}${a.conflictWith ? ` with ${m.describe(m.actas.get(a.conflictWith))}` : ''}${a.catalogue === 'out' ? ' fuera de catálogo' : ''}`;
  }
}

/** Attempts at one sheet before the scanner is called broken (at a 25% defect rate, never). */
const MAX_SCANS = 12;

/**
 * The operator scans, and rescans what the gate rejects, until the gate accepts the sheet: both
 * outcomes of a scan happen, yet the step ends the same way every time, so a sequence replays.
 */
class Scan extends ActaStep {
  readonly name = 'scan';
  protected readonly states = ['recibida', 'rechazada'] as const;
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const a = this.target(m);
    let rejected = 0;
    for (let i = 0; i < MAX_SCANS; i++) {
      const r = await real(w, a.id);
      const s = must(
        await w.rig.op.mutation('actas.scan', { actaId: a.id, version: r.version }),
        'actas.scan',
      );
      m.counts.scans++;
      if (s.kind === 'fault') throw new Error(`scan of ${m.describe(a)}: scanner fault ${s.error}`);
      if (s.acta.state === 'digitalizada') {
        a.state = 'digitalizada';
        this.did = `scan(${m.describe(a)})${rejected ? ` (${rejected} sheets rejected by the gate, rescanned)` : ''} → digitalizada`;
        return;
      }
      if (s.acta.state !== 'rechazada') throw new Error(`scan of ${m.describe(a)} left it ${s.acta.state}`);
      rejected++;
      m.counts.gateRejections++;
    }
    throw new Error(`the gate rejected ${m.describe(a)} ${MAX_SCANS} times running`);
  }
}

class Reject extends ActaStep {
  readonly name = 'reject';
  protected readonly states = ['digitalizada'] as const;
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const a = this.target(m);
    const r = await real(w, a.id);
    must(
      await w.rig.op.mutation('actas.reject', { actaId: a.id, version: r.version, reason: REASON }),
      'actas.reject',
    );
    a.state = 'rechazada';
    m.counts.rejections++;
    this.did = `reject(${m.describe(a)}) → rechazada`;
  }
}

class Verify extends ActaStep {
  readonly name = 'verify';
  protected readonly states = ['digitalizada'] as const;
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const a = this.target(m);
    const r = await real(w, a.id);
    const ref = { actaId: a.id, version: r.version };
    let v = await w.rig.op.mutation('actas.verify', ref);
    if (!v.ok && v.message.includes('identification')) {
      // No page's QR was read: the key typed twice, as the screen asks.
      const text = m.label(a.key);
      v = await w.rig.op.mutation('actas.verify', { ...ref, typedKey: { text, confirm: text } });
    }
    if (a.catalogue === 'out') {
      if (v.ok || !v.message.includes('outOfCatalogue'))
        throw new Error(`verify of ${m.describe(a)} (fuera de catálogo) was not held: ${JSON.stringify(v)}`);
      m.counts.refusedAsExpected++;
      this.did = `verify(${m.describe(a)}) → refused, fuera de catálogo`;
      return;
    }
    must(v, 'actas.verify');
    a.state = 'queued';
    m.counts.verified++;
    this.did = `verify(${m.describe(a)}) → en cola`;
  }
}

const RESOLUTIONS = ['replace', 'keep_both', 'keep_existing'] as const;
type Resolution = (typeof RESOLUTIONS)[number];

class Resolve extends ActaStep {
  readonly name = 'resolve';
  protected readonly states = ['en_conflicto'] as const;
  constructor(
    pick: number,
    private readonly resolution: Resolution,
  ) {
    super(pick);
  }
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const a = this.target(m);
    const r = await real(w, a.id);
    must(
      await w.rig.supervise('mutation', 'supervisor.actas.resolveConflict', {
        actaId: a.id,
        version: r.version,
        resolution: this.resolution,
        reason: REASON,
      }),
      'resolveConflict',
    );
    m.counts.resolutions[this.resolution]++;
    const existing = a.conflictWith === null ? undefined : m.actas.get(a.conflictWith);
    let note = '';
    if (this.resolution === 'keep_existing') a.state = 'anulada';
    else {
      if (this.resolution === 'replace') {
        if (existing && ['recibida', 'rechazada', 'digitalizada'].includes(existing.state)) {
          existing.state = 'anulada';
          note = `, ${m.describe(existing)} anulada`;
        } else if (existing?.state === 'queued') {
          // Annulled if it was still en_cola, kept if the link had already sent it: the race is real.
          // A record held before it could leave was never sent: the replacement must annul it.
          const now = (await real(w, existing.id)).state;
          if (now === 'anulada') {
            existing.state = 'anulada';
            existing.held = false;
            existing.mustStay = false;
            note = `, ${m.describe(existing)} anulada`;
          } else if (existing.mustStay)
            throw new Error(`replace kept ${m.describe(existing)} (${now}), held before it could leave`);
          else note = `, ${m.describe(existing)} already sent, kept`;
        }
        a.supersedes = existing?.id ?? null;
      }
      a.record = m.maxRecord(a.key) + 1;
      // From acopio, or back where a late CATD report took it from (a scan or verification stands).
      a.state = a.conflictFrom ?? 'recibida';
      a.conflictFrom = null;
    }
    this.did = `resolve(${m.describe(a)}, ${this.resolution}) → ${a.state}${note}`;
  }
  override toString(): string {
    return `resolve(${this.pick}, ${this.resolution})`;
  }
}

class Hold extends ActaStep {
  readonly name = 'hold';
  protected readonly states = ['queued'] as const;
  protected override also(a: ModelActa): boolean {
    return !a.held;
  }
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const a = this.target(m);
    const r = await real(w, a.id);
    const h = await w.rig.supervise('mutation', 'supervisor.actas.hold', {
      actaId: a.id,
      version: r.version,
      reason: REASON,
    });
    if (!h.ok) {
      await sentAlready(m, w, a, 'hold', h);
      this.did = `hold(${m.describe(a)}) → refused, already sent`;
      return;
    }
    a.held = true;
    a.mustStay = !a.exposed;
    m.counts.holds++;
    this.did = `hold(${m.describe(a)})${a.mustStay ? ' before it could leave' : ''}`;
  }
}

/** A refusal is right only when the link had already sent the record (it is beyond en_cola). */
async function sentAlready(m: ActaLifeModel, w: LifeWorld, a: ModelActa, what: string, ans: RpcAnswer) {
  const now = await real(w, a.id);
  if ((now.state === 'transmitida' || now.state === 'acusada') && a.exposed) {
    m.counts.refusedAsExpected++;
    return;
  }
  throw new Error(`${what} of ${m.describe(a)} (${now.state}) refused: ${JSON.stringify(ans)}`);
}

class Release extends ActaStep {
  readonly name = 'release';
  protected readonly states = ['queued'] as const;
  protected override also(a: ModelActa): boolean {
    return a.held;
  }
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const a = this.target(m);
    const r = await real(w, a.id);
    const h = await w.rig.supervise('mutation', 'supervisor.actas.release', {
      actaId: a.id,
      version: r.version,
      reason: REASON,
    });
    if (!h.ok) await sentAlready(m, w, a, 'release', h);
    else m.counts.releases++;
    a.held = false;
    a.mustStay = false;
    this.did = `release(${m.describe(a)})`;
  }
}

class Annul extends ActaStep {
  readonly name = 'annul';
  protected readonly states = ['recibida', 'rechazada', 'digitalizada', 'en_conflicto', 'queued'] as const;
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const a = this.target(m);
    const r = await real(w, a.id);
    const x = await w.rig.supervise('mutation', 'supervisor.actas.annul', {
      actaId: a.id,
      version: r.version,
      reason: REASON,
    });
    if (!x.ok && a.state === 'queued') {
      await sentAlready(m, w, a, 'annul', x);
      this.did = `annul(${m.describe(a)}) → refused, already sent`;
      return;
    }
    must(x, 'annul');
    const from = a.state;
    a.state = 'anulada';
    a.held = false;
    a.mustStay = false;
    m.counts.annulled++;
    this.did = `annul(${m.describe(a)}) from ${from}${from === 'queued' && !a.exposed ? ' before it could leave' : ''}`;
  }
}

class AcceptOutOfCatalogue extends ActaStep {
  readonly name = 'acceptOutOfCatalogue';
  protected readonly states = ['recibida', 'rechazada', 'digitalizada', 'en_conflicto'] as const;
  protected override also(a: ModelActa): boolean {
    return a.catalogue === 'out';
  }
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const a = this.target(m);
    const r = await real(w, a.id);
    must(
      await w.rig.supervise('mutation', 'supervisor.actas.acceptOutOfCatalogue', {
        actaId: a.id,
        version: r.version,
        reason: REASON,
      }),
      'acceptOutOfCatalogue',
    );
    a.catalogue = 'accepted';
    m.counts.outOfCatalogueAccepted++;
    this.did = `acceptOutOfCatalogue(${m.describe(a)})`;
  }
}

/** A new catalogue on the "USB drive": `mask` says which of the run's casillas it lists. */
class LoadCatalogue extends Step {
  readonly name = 'loadCatalogue';
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const keys = new Set<number>();
    for (let i = 0; i < KEY_POOL; i++) if ((this.pick >> i) & 1) keys.add(i);
    if (keys.size === 0) keys.add(0); // an empty catalogue is not a catalogue
    const file = path.join(w.rig.usbDir, `catalogo-${m.seccion}-${m.steps}.csv`);
    const rows = [...keys].map((i) => `09,07,${m.seccion},B,${i + 1}`);
    fs.writeFileSync(file, ['entidad,distrito,seccion,tipo,numero', ...rows].join('\n') + '\n');
    const r = must(
      await w.rig.supervise('mutation', 'supervisor.catalogue.load', { path: file, reason: REASON }),
      'catalogue.load',
    );
    if (!r.ok) throw new Error(`catalogue refused: ${JSON.stringify(r.errors)}`);
    m.loadCatalogue(keys);
    this.did = `loadCatalogue(${[...keys].map((k) => `k${k}`).join(' ')})`;
  }
}

const pick = fc.nat({ max: 1000 });
const cmd = <T extends Cmd>(f: (n: number) => T) => pick.map(f);

const resolve = fc.tuple(pick, fc.constantFrom(...RESOLUTIONS)).map(([n, r]) => new Resolve(n, r));

/**
 * Every command, weighted by repetition (fc.commands draws uniformly among these): mostly the
 * work that moves actas along, so that records reach the queue and the supervisor has conflicts
 * to decide; a fault about one step in six.
 */
export function lifeCommands(): Array<fc.Arbitrary<Cmd>> {
  const weighted: Array<[number, fc.Arbitrary<Cmd>]> = [
    [3, cmd((n) => new Receive(n))],
    [5, cmd((n) => new Scan(n))],
    [1, cmd((n) => new Reject(n))],
    [5, cmd((n) => new Verify(n))],
    [3, resolve],
    [1, cmd((n) => new Hold(n))],
    [1, cmd((n) => new Release(n))],
    [1, cmd((n) => new Annul(n))],
    [1, cmd((n) => new AcceptOutOfCatalogue(n))],
    [1, cmd((n) => new LoadCatalogue(n))],
    [1, cmd(() => new RestartCore())],
    [1, cmd(() => new LinkDown())],
    [2, cmd(() => new LinkUp())],
    [1, cmd(() => new RestartCentral())],
    [1, cmd(() => new MediaRoundTrip())],
    [2, cmd((n) => new OtherStation(n))],
  ];
  return weighted.flatMap(([w, arb]) => Array.from({ length: w }, () => arb));
}
