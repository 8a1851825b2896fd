// The faults of the model-based test: a power cut of the core (SIGKILL), the link dropping (the
// central's process killed) and coming back on the same port, the central restarting, and a USB
// export carried to the central while the links are down.
import fs from 'node:fs';
import path from 'node:path';
import { actaKeyId } from '../../shared/acta-key';
import { KEY_POOL, type ActaLifeModel } from './acta-life.model';
import { Fault, must, REASON, type LifeWorld } from './acta-life.steps';

export class RestartCore extends Fault {
  readonly name = 'killCore';
  protected override applies(m: Readonly<ActaLifeModel>): boolean {
    return m.order.length > 0;
  }
  protected async act(_m: ActaLifeModel, w: LifeWorld): Promise<void> {
    await w.rig.restartCore();
    this.did = 'SIGKILL core, start again';
  }
}

export class LinkDown extends Fault {
  readonly name = 'linkDown';
  protected override applies(m: Readonly<ActaLifeModel>): boolean {
    return m.centralUp;
  }
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    await w.rig.killCentral();
    m.centralUp = false;
    this.did = 'link down (SIGKILL central)';
  }
}

export class LinkUp extends Fault {
  readonly name = 'linkUp';
  protected override applies(m: Readonly<ActaLifeModel>): boolean {
    return !m.centralUp;
  }
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    await w.rig.startCentral();
    m.centralUp = true;
    this.did = 'link up (central again, same port)';
  }
}

export class RestartCentral extends Fault {
  readonly name = 'restartCentral';
  protected override applies(m: Readonly<ActaLifeModel>): boolean {
    return m.centralUp;
  }
  protected async act(_m: ActaLifeModel, w: LifeWorld): Promise<void> {
    await w.rig.restartCentral();
    this.did = 'SIGKILL central, start again';
  }
}

/**
 * Both links down: export what is pending to the USB drive, `catd central import` it, bring the
 * receipts back. (Only with the central's server stopped: an import beside a running server
 * fails with SQLITE_BUSY, reported separately.)
 */
export class MediaRoundTrip extends Fault {
  readonly name = 'media';
  protected override applies(m: Readonly<ActaLifeModel>): boolean {
    return !m.centralUp;
  }
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const folder = path.join(w.rig.usbDir, `medio-${m.seccion}-${m.steps}`);
    fs.mkdirSync(folder, { recursive: true });
    const ex = await w.rig.supervise('mutation', 'transmission.exportToMedia', { folder, reason: REASON });
    if (!ex.ok) {
      if (!ex.message.includes('nothingPending')) throw new Error(`export refused: ${ex.message}`);
      this.did = 'media export → nothing pending';
      return;
    }
    w.rig.counts.mediaExports++;
    m.exposeIfSendable(true);
    const imp = w.rig.importAtCentral(folder);
    if (imp.status !== 0) throw new Error(`catd central import failed (${imp.status}):\n${imp.output}`);
    const ap = must(
      await w.rig.supervise('mutation', 'transmission.applyReceipts', { folder, reason: REASON }),
      'applyReceipts',
    );
    this.did = `media export (${ex.data.actas} records) → central import → ${ap.applied} receipts applied`;
  }
}

/**
 * Another station of the CATD receives one of the run's casillas while this station cannot reach
 * the central: whatever this station received of it offline is then a second copy, learnt when its
 * late report gets through (catd-sightings.ts); received after, at acopio.
 */
export class OtherStation extends Fault {
  readonly name = 'otherStation';
  protected override applies(m: Readonly<ActaLifeModel>): boolean {
    return !m.centralUp && this.casilla(m) !== null;
  }
  /** A casilla the central has heard of from nobody yet. */
  private casilla(m: Readonly<ActaLifeModel>): number | null {
    const free = Array.from({ length: KEY_POOL }, (_, k) => k).filter((k) => !m.firstAtCentral.has(k));
    return free.length ? free[this.pick % free.length]! : null;
  }
  protected async act(m: ActaLifeModel, w: LifeWorld): Promise<void> {
    const k = this.casilla(m)!;
    await w.rig.otherStationReceived(actaKeyId(m.keyOf(k)));
    m.firstAtCentral.set(k, 'other');
    m.counts.otherStations++;
    this.did = `otherStation(k${k}): another station of the CATD received it first`;
  }
}
