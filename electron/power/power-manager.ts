// Watches the UPS and the plant and keeps the station safe through a power cut: every change of
// power level and of plant state is audited with the readings at that moment; on entering
// critical the database is checkpointed (the WAL folded into the main file) so a hard cut loses
// nothing, and new scans are refused until power is back; then work resumes by itself.
import type { DeviceMonitor } from '../platform/device';
import type { Db } from '../store/db';
import type { AuditLog } from '../security/audit';
import type { Logger } from '../platform/logger';
import type { PowerSituation } from '../../shared/domain';
import { powerSituation, type PowerPolicyConfig } from './power-policy';
import { err, ok, type Result } from '../platform/result';

export type ScanPermission = Result<void, 'power.refuse.critical' | 'power.refuse.poweringOff'>;

export class PowerManager {
  private situation: PowerSituation;
  private plantState: string;
  private readonly listeners = new Set<(s: PowerSituation) => void>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly ups: DeviceMonitor,
    private readonly plant: DeviceMonitor,
    private readonly cfg: PowerPolicyConfig,
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly log: Logger,
  ) {
    this.situation = powerSituation(ups.status(), plant.status(), cfg);
    this.plantState = plant.status().state;
    this.unsubscribe.push(
      ups.onStatus(() => this.recompute()),
      plant.onStatus(() => this.recompute()),
    );
  }

  current(): PowerSituation {
    return this.situation;
  }

  onChange(listener: (s: PowerSituation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  canStartScan(): ScanPermission {
    if (this.situation.poweringOff) return err('power.refuse.poweringOff');
    return this.situation.scansAllowed ? ok() : err('power.refuse.critical');
  }

  /**
   * The UPS said it will cut the load and the station is powering off (power-off.ts): no scan
   * starts or goes on to its next sheet, and every screen says so, whatever the UPS reads next.
   */
  markPoweringOff(): void {
    if (this.situation.poweringOff) return;
    this.situation = { ...this.situation, poweringOff: true, scansAllowed: false };
    for (const l of this.listeners) l(this.situation);
  }

  /** Folds the WAL into the database file: what is committed survives a hard power cut intact. */
  checkpoint(actor: string, why: string): void {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{
      busy: number;
      log: number;
      checkpointed: number;
    }>;
    this.db.transaction(() => this.audit.append(actor, 'power.checkpoint', 'database', { why, ...result }))();
    this.log.info('power-checkpoint', { why, ...result });
  }

  private recompute(): void {
    const ups = this.ups.status();
    const plant = this.plant.status();
    const computed = powerSituation(ups, plant, this.cfg);
    const prev = this.situation;
    // Once powering off, nothing the UPS reports after brings the scans back.
    const next = prev.poweringOff ? { ...computed, poweringOff: true, scansAllowed: false } : computed;
    if (plant.state !== this.plantState) {
      this.db.transaction(() =>
        this.audit.append('sistema', 'plant.state', plant.driver, {
          from: this.plantState,
          to: plant.state,
          values: plant.values,
        }),
      )();
      this.plantState = plant.state;
    }
    const changed = JSON.stringify(next) !== JSON.stringify(prev);
    this.situation = next;
    if (next.level !== prev.level || next.lowFuel !== prev.lowFuel) {
      this.db.transaction(() =>
        this.audit.append('sistema', 'power.level', next.level, {
          from: prev.level,
          to: next.level,
          ups: { state: ups.state, values: ups.values },
          plant: { state: plant.state, values: plant.values },
        }),
      )();
      this.log.info('power-level', { from: prev.level, to: next.level, runtime: next.runtimeSeconds });
      if (next.level === 'critical') this.checkpoint('sistema', 'critical');
    }
    if (changed) for (const l of this.listeners) l(next);
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.listeners.clear();
  }
}
