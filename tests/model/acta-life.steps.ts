// The shape of every command of the model-based test: it acts on the real core and central,
// updates the model, records what it did in the run's trace, and then the station's state is
// compared with the model (acta-life.checks.ts). Faults come a few steps apart.
import type fc from 'fast-check';
import type { RpcAnswer } from '../reliability/station-client';
import type { LifeRig } from './acta-life-rig';
import type { ActaLifeModel } from './acta-life.model';
import { checkStation } from './acta-life.checks';

export interface LifeWorld {
  rig: LifeRig;
}

export type Cmd = fc.AsyncCommand<ActaLifeModel, LifeWorld>;

export const REASON = 'decisión de la prueba de modelo';

export function must(a: RpcAnswer, what: string): any {
  if (!a.ok) throw new Error(`${what} refused: ${a.status} ${a.code} ${a.message}`);
  return a.data;
}

export async function real(
  w: LifeWorld,
  id: number,
): Promise<{ state: string; version: number; held: boolean }> {
  return must(await w.rig.op.query('actas.get', { actaId: id }), 'actas.get').acta;
}

/** A command aimed at one of the run's actas: `pick` chooses among those it applies to. */
export abstract class Step implements Cmd {
  /** What it did in this run: which acta, and what came of it (the run's trace). */
  protected did = '';
  constructor(protected readonly pick = 0) {}
  abstract readonly name: string;
  check(_m: Readonly<ActaLifeModel>): boolean {
    return true;
  }
  protected abstract act(m: ActaLifeModel, w: LifeWorld): Promise<void>;
  async run(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    m.steps++;
    this.did = '';
    try {
      await this.act(m, w);
    } finally {
      m.trace.push(this.did || `${this.toString()} (threw)`);
    }
    // With the central up, the acopio reports owed go out by themselves within seconds: wait for
    // them, then the model learns what the central answered (late conflicts).
    if (m.centralUp && m.order.some((a) => a.report)) {
      await w.rig.reportsSent();
      const late = m.reportsDelivered();
      if (late.length)
        this.did += ` · late CATD report: ${late.map((a) => m.describe(a)).join(' ')} en_conflicto`;
    }
    m.exposeIfSendable();
    await checkStation(m, w.rig, `${m.steps}. ${this.did}`);
  }
  /**
   * The command as drawn (fast-check prints these; one instance serves many shrink attempts, so
   * what it did in one of them belongs in the run's own trace, not here).
   */
  toString(): string {
    return `${this.name}(${this.pick})`;
  }
}

/** A fault: some steps after the last one. */
export abstract class Fault extends Step {
  override check(m: Readonly<ActaLifeModel>): boolean {
    return m.faultAllowed() && this.applies(m);
  }
  protected applies(_m: Readonly<ActaLifeModel>): boolean {
    return true;
  }
  override async run(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    await super.run(m, w);
    m.lastFault = m.steps;
  }
}
