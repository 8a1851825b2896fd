// An operator and a supervisor at a real core, over the RPC the renderer uses: receive an acta,
// scan it until the gate accepts it, verify it, resolve a conflict. Every call goes through HTTP
// and the session cookie, so what these helpers do is exactly what a user can do.
import type { Core } from '../../electron/app/core';
import type { ActaState } from '../../shared/workflow';
import { rpc } from './core';

export interface ActaView {
  id: number;
  keyId: string;
  keyLabel: string;
  state: ActaState;
  version: number;
  held: boolean;
}

export class ActaFlow {
  constructor(
    readonly core: Core,
    readonly operator: string,
    readonly supervisor: string,
  ) {}

  async call(cookie: string, kind: 'query' | 'mutation', proc: string, input?: unknown): Promise<any> {
    const r = await rpc(this.core, cookie, kind, proc, input);
    if (r.status !== 200)
      throw new Error(`${proc} refused: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body.result.data;
  }

  op(kind: 'query' | 'mutation', proc: string, input?: unknown): Promise<any> {
    return this.call(this.operator, kind, proc, input);
  }

  sup(proc: string, input: unknown): Promise<any> {
    return this.call(this.supervisor, 'mutation', proc, input);
  }

  async get(actaId: number): Promise<ActaView> {
    return (await this.op('query', 'actas.get', { actaId })).acta as ActaView;
  }

  async receive(keyText: string): Promise<ActaView> {
    return (await this.op('mutation', 'actas.receive', { keyText, source: 'reader' })).acta as ActaView;
  }

  /** Scans until the gate accepts every page (the simulated sheets carry defects at random). */
  async digitise(actaId: number): Promise<ActaView> {
    for (let i = 0; i < 20; i++) {
      const a = await this.get(actaId);
      if (a.state === 'digitalizada') return a;
      const s = await this.op('mutation', 'actas.scan', { actaId, version: a.version });
      if (s.kind === 'fault') throw new Error(`scan fault: ${s.error}`);
    }
    throw new Error(`acta ${actaId} never passed the gate in 20 scans`);
  }

  /** Scans and verifies: the acta enters the queue (en_cola). */
  async queue(actaId: number): Promise<ActaView> {
    const a = await this.digitise(actaId);
    const r = await rpc(this.core, this.operator, 'mutation', 'actas.verify', {
      actaId,
      version: a.version,
    });
    if (r.status === 200) return r.body.result.data as ActaView;
    // No page's QR was read: the key typed twice, as the screen asks.
    return (await this.op('mutation', 'actas.verify', {
      actaId,
      version: a.version,
      typedKey: { text: a.keyLabel, confirm: a.keyLabel },
    })) as ActaView;
  }

  async resolve(actaId: number, resolution: 'replace' | 'keep_both' | 'keep_existing'): Promise<void> {
    const a = await this.get(actaId);
    await this.sup('supervisor.actas.resolveConflict', {
      actaId,
      version: a.version,
      resolution,
      reason: `prueba: ${resolution}`,
    });
  }

  async supervise(proc: 'annul' | 'hold' | 'release', actaId: number): Promise<void> {
    const a = await this.get(actaId);
    await this.sup(`supervisor.actas.${proc}`, { actaId, version: a.version, reason: `prueba: ${proc}` });
  }

  /** Waits until the acta reaches `state` (the central's receipt, for acusada). */
  async until(actaId: number, state: ActaState, timeoutMs = 20_000): Promise<ActaView> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const a = await this.get(actaId);
      if (a.state === state) return a;
      if (Date.now() > end)
        throw new Error(`acta ${actaId} is ${a.state}, not ${state}, after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
