// Emergency plant (diesel generator) controller over Modbus RTU, polled with modbus-serial.
// One loop owns the serial line: open → poll every few seconds → on loss, show it and reopen
// with backoff. Silence, garbage, exception replies and unplugging are states the operator
// sees; nothing here throws at the caller or leaves a promise unhandled.
import type { EventEmitter } from 'node:events';
import ModbusRTU from 'modbus-serial';
import { z } from 'zod';
import type { Health } from '../../../shared/domain';
import { CellDevice, StatusCell } from '../../platform/device';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import {
  DSE_GENCOMM_MAP,
  PLANT_VALUE_NAMES,
  PlantRegisterMapSchema,
  decodeAlarms,
  decodeRegister,
  imageKey,
  planReadBlocks,
  type PlantRegisterMap,
  type ReadBlock,
} from './register-map';
import {
  DEFAULT_PLANT_THRESHOLDS,
  summarizePlant,
  type PlantReading,
  type PlantState,
  type PlantSummary,
} from './plant-state';
import { backoffMs } from '../../platform/backoff';

/** How long a controller may take to answer one request (DSE units answer in tens of ms). */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 1_000;
export const DEFAULT_POLL_INTERVAL_MS = 2_000;
/** DSE controllers drop requests that follow an answer too closely (see dsemon's notes). */
export const DEFAULT_INTER_REQUEST_DELAY_MS = 50;
/** Polls in a row that may fail before the plant is shown as disconnected. */
export const DEFAULT_MAX_MISSED_POLLS = 3;
export const DEFAULT_RECONNECT_INITIAL_MS = 1_000;
export const DEFAULT_RECONNECT_MAX_MS = 30_000;
/**
 * RTU frames are delimited by silence. After a broken or late answer, modbus-serial's buffered
 * port keeps the stray bytes and may glue them to the next answer, so we close the port, let
 * the line go quiet this long, and reopen with an empty buffer.
 */
export const RESYNC_QUIET_MS = 100;

export const PlantModbusConfigSchema = z
  .object({
    driver: z.literal('modbus'),
    /** Serial device: /dev/ttyUSB0, /dev/serial/by-id/..., COM3. */
    path: z.string().min(1),
    name: z.string().min(1).default('Planta de emergencia'),
    baudRate: z.number().int().positive().default(9600),
    parity: z.enum(['none', 'even', 'odd']).default('none'),
    dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
    /** GenComm's default line is 8N2; two stop bits are also read fine by 8N1 receivers. */
    stopBits: z.union([z.literal(1), z.literal(2)]).default(2),
    /** DSE controllers leave the factory as slave 10. */
    unitId: z.number().int().min(1).max(247).default(10),
    pollIntervalMs: z.number().int().min(20).max(60_000).default(DEFAULT_POLL_INTERVAL_MS),
    responseTimeoutMs: z.number().int().min(20).max(10_000).default(DEFAULT_RESPONSE_TIMEOUT_MS),
    interRequestDelayMs: z.number().int().min(0).max(1_000).default(DEFAULT_INTER_REQUEST_DELAY_MS),
    maxMissedPolls: z.number().int().min(1).max(20).default(DEFAULT_MAX_MISSED_POLLS),
    reconnect: z
      .object({
        initialMs: z.number().int().min(10).default(DEFAULT_RECONNECT_INITIAL_MS),
        maxMs: z.number().int().min(10).default(DEFAULT_RECONNECT_MAX_MS),
      })
      .strict()
      .default({ initialMs: DEFAULT_RECONNECT_INITIAL_MS, maxMs: DEFAULT_RECONNECT_MAX_MS }),
    /** 'dse-gencomm' or a register map of another controller. */
    registerMap: z.union([z.literal('dse-gencomm'), PlantRegisterMapSchema]).default('dse-gencomm'),
    thresholds: z
      .object({
        runningRpm: z.number().positive().default(DEFAULT_PLANT_THRESHOLDS.runningRpm),
        crankingRpm: z.number().positive().default(DEFAULT_PLANT_THRESHOLDS.crankingRpm),
        mainsPresentMinVoltage: z
          .number()
          .positive()
          .default(DEFAULT_PLANT_THRESHOLDS.mainsPresentMinVoltage),
        lowFuelPercent: z.number().min(0).max(100).default(DEFAULT_PLANT_THRESHOLDS.lowFuelPercent),
      })
      .strict()
      .default(DEFAULT_PLANT_THRESHOLDS),
  })
  .strict();
export type PlantModbusConfig = z.infer<typeof PlantModbusConfigSchema>;
export type PlantModbusConfigInput = z.input<typeof PlantModbusConfigSchema>;

/** Everything one good poll told, for screens that want more than the status bar. */
export interface PlantSnapshot extends PlantSummary {
  values: PlantReading['values'];
  /** Message key of a register the controller refused while the rest read fine, else null. */
  refused: string | null;
  at: string;
}

type PollOutcome =
  | { kind: 'ok'; reading: PlantReading; refused: string | null }
  /** The controller refused the essential block: wrong map or unit. */
  | { kind: 'refused'; key: string }
  /** Timeout, garbage, busy: the line may be out of step. */
  | { kind: 'comms'; key: string }
  | { kind: 'lost' };

interface Session {
  client: ModbusRTU;
  closed: boolean;
}

export class ModbusPlantMonitor extends CellDevice {
  readonly kind = 'plant' as const;
  private readonly config: PlantModbusConfig;
  private readonly map: PlantRegisterMap;
  private readonly blocks: ReadBlock[];
  private readonly logger: Logger;
  private readonly clock: Clock;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private readonly wakers = new Set<() => void>();
  private latest: PlantSnapshot | null = null;
  /** Polls in a row that got no usable answer; survives the reopen that resynchronises. */
  private missedPolls = 0;

  constructor(config: PlantModbusConfigInput, deps: { clock: Clock; logger: Logger }) {
    const parsed = PlantModbusConfigSchema.parse(config);
    super(
      new StatusCell(deps.clock, {
        kind: 'plant',
        driver: 'modbus',
        name: parsed.name,
        state: 'disconnected',
        health: 'unknown',
        values: {},
        lastError: 'plant.status.connecting',
      }),
    );
    this.config = parsed;
    this.map = parsed.registerMap === 'dse-gencomm' ? DSE_GENCOMM_MAP : parsed.registerMap;
    this.blocks = planReadBlocks(this.map);
    this.clock = deps.clock;
    this.logger = deps.logger.child({ device: 'plant', driver: 'modbus', path: parsed.path });
  }

  /** The last good poll (values, flags, alarm codes), or null before the first one. */
  snapshot(): PlantSnapshot | null {
    return this.latest;
  }

  override start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run().catch((err: unknown) => {
      // Only a programming error gets here: every expected failure is handled inside run().
      this.logger.error('plant-loop-crashed', { message: (err as Error)?.message });
      this.show('disconnected', 'fault', 'plant.error.internal');
    });
  }

  override async stop(): Promise<void> {
    this.stopping = true;
    this.wakeAll();
    const loop = this.loop;
    this.loop = null;
    await loop;
  }

  private async run(): Promise<void> {
    let failedOpens = 0;
    this.missedPolls = 0;
    while (!this.stopping) {
      const session = await this.open();
      if ('error' in session) {
        this.lose(session.error);
        await this.pause(this.backoff(failedOpens++));
        continue;
      }
      failedOpens = 0;
      const end = await this.pollUntilBroken(session);
      await this.close(session);
      if (this.stopping) break;
      if (end === 'lost') {
        this.lose('plant.error.unplugged');
        await this.pause(this.backoff(failedOpens++));
      } else {
        // A broken answer: resynchronise the line, with backoff once the plant is shown lost.
        const over = this.missedPolls - this.config.maxMissedPolls;
        await this.pause(over >= 0 ? Math.max(RESYNC_QUIET_MS, this.backoff(over)) : RESYNC_QUIET_MS);
      }
    }
    this.logger.info('plant-monitor-stopped');
  }

  /** Polls until the port is lost or an answer is broken. */
  private async pollUntilBroken(session: Session): Promise<'lost' | 'resync'> {
    while (!this.stopping) {
      const outcome = await this.pollOnce(session);
      switch (outcome.kind) {
        case 'lost':
          return 'lost';
        case 'comms': {
          const missed = ++this.missedPolls;
          this.logger.warn('plant-poll-failed', { reason: outcome.key, missed });
          if (missed >= this.config.maxMissedPolls) this.lose(outcome.key);
          return 'resync';
        }
        case 'refused':
          this.missedPolls = 0;
          this.latest = null;
          this.show('error', 'fault', outcome.key);
          break;
        case 'ok':
          this.missedPolls = 0;
          this.accept(outcome.reading, outcome.refused);
          break;
        default:
          assertNever(outcome);
      }
      await this.pause(this.config.pollIntervalMs, session);
      if (session.closed) return 'lost';
    }
    return 'resync';
  }

  private async pollOnce(session: Session): Promise<PollOutcome> {
    const image = new Map<string, number>();
    let refused: string | null = null;
    for (const [i, block] of this.blocks.entries()) {
      if (session.closed) return { kind: 'lost' };
      if (i > 0 && this.config.interRequestDelayMs > 0) await this.pause(this.config.interRequestDelayMs);
      if (this.stopping) return { kind: 'lost' };
      let words: number[];
      try {
        const res =
          block.functionCode === 3
            ? await session.client.readHoldingRegisters(block.start, block.length)
            : await session.client.readInputRegisters(block.start, block.length);
        words = res.data;
      } catch (err) {
        if (session.closed) return { kind: 'lost' };
        const failure = classifyModbusError(err);
        if (failure.kind === 'exception') {
          this.logger.warn('plant-register-refused', { block, code: failure.code });
          if (block.essential) return { kind: 'refused', key: failure.key };
          refused = failure.key;
          continue;
        }
        if (failure.kind === 'lost') return { kind: 'lost' };
        return { kind: 'comms', key: failure.key };
      }
      if (!Array.isArray(words) || words.length !== block.length) {
        return { kind: 'comms', key: 'plant.error.garbled' };
      }
      words.forEach((w, k) => image.set(imageKey(block.functionCode, block.start + k), w));
    }
    const values: PlantReading['values'] = {};
    for (const name of PLANT_VALUE_NAMES) {
      const spec = this.map.values[name];
      if (!spec) continue;
      const v = decodeRegister(image, spec, this.map.genCommSentinels);
      if (v !== null) values[name] = v;
    }
    const alarms = decodeAlarms(image, this.map.alarms).map((a) => ({ code: a.code, severity: a.severity }));
    return { kind: 'ok', reading: { values, alarms }, refused };
  }

  private accept(reading: PlantReading, refused: string | null): void {
    const summary = summarizePlant(reading, this.config.thresholds);
    const prev = this.latest;
    this.latest = { ...summary, values: reading.values, refused, at: this.clock.now().toISOString() };
    if (!prev || prev.state !== summary.state || prev.alarms.join() !== summary.alarms.join()) {
      this.logger.info('plant-state-changed', {
        state: summary.state,
        alarms: summary.alarms,
        mainsPresent: summary.mainsPresent,
        lowFuel: summary.lowFuel,
      });
    }
    const values: Record<string, number> = { ...reading.values };
    if (summary.mainsPresent !== null) values.mainsPresent = summary.mainsPresent ? 1 : 0;
    values.lowFuel = summary.lowFuel ? 1 : 0;
    values.alarmCount = summary.alarms.length;
    const lastError = summary.lastError ?? refused;
    const health = summary.health === 'ok' && refused ? 'warning' : summary.health;
    this.show(summary.state, health, lastError, values);
  }

  /** Shown as disconnected; the last values are dropped, since nobody vouches for them. */
  private lose(key: string): void {
    if (this.status().state !== 'disconnected' || this.status().lastError !== key) {
      this.logger.warn('plant-disconnected', { reason: key });
    }
    this.latest = null;
    this.show('disconnected', 'offline', key, {});
  }

  private show(
    state: PlantState,
    health: Health,
    lastError: string | null,
    values?: Record<string, number>,
  ): void {
    this.cell.set({ state, health, lastError, ...(values ? { values } : {}) });
  }

  private async open(): Promise<Session | { error: string }> {
    const c = this.config;
    const client = new ModbusRTU();
    const session: Session = { client, closed: false };
    // modbus-serial re-emits serial port errors as 'error' events: without a listener Node
    // would throw them and take the core down on an unplug.
    // (Its type declarations omit that ModbusRTU is an EventEmitter.)
    const events = client as unknown as EventEmitter;
    events.on('error', (err: unknown) => {
      this.logger.warn('plant-port-error', { message: (err as { message?: string })?.message });
    });
    events.on('close', () => {
      session.closed = true;
      this.wakeAll();
    });
    client.setID(c.unitId);
    client.setTimeout(c.responseTimeoutMs);
    this.logger.info('plant-connect-init', { unitId: c.unitId, baudRate: c.baudRate });
    try {
      await client.connectRTUBuffered(c.path, {
        baudRate: c.baudRate,
        parity: c.parity,
        dataBits: c.dataBits,
        stopBits: c.stopBits,
      });
    } catch (err) {
      const key = classifyOpenError(err);
      this.logger.warn('plant-connect-failed', { reason: key, message: (err as Error)?.message });
      await this.close(session);
      return { error: key };
    }
    this.logger.info('plant-connect-complete');
    return session;
  }

  private async close(session: Session): Promise<void> {
    session.closed = true;
    const { client } = session;
    (client as unknown as EventEmitter).removeAllListeners('close');
    await new Promise<void>((resolve) => {
      try {
        if (!client.isOpen) return resolve();
        client.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  private backoff(attempt: number): number {
    const { initialMs, maxMs } = this.config.reconnect;
    return backoffMs(attempt, initialMs, maxMs);
  }

  /** Waits `ms`, or less if the monitor stops or the session's port closes. */
  private pause(ms: number, session?: Session): Promise<void> {
    if (this.stopping || session?.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private wakeAll(): void {
    for (const w of [...this.wakers]) w();
  }
}

type ModbusFailure =
  | { kind: 'exception'; code: number; key: string }
  | { kind: 'comms'; key: string }
  | { kind: 'lost'; key: string };

/** modbus-serial rejects with plain objects carrying name/message/modbusCode: sort them. */
export function classifyModbusError(err: unknown): ModbusFailure {
  const e = (err ?? {}) as { name?: string; message?: string; modbusCode?: number; errno?: string };
  if (typeof e.modbusCode === 'number') {
    switch (e.modbusCode) {
      case 1:
        return { kind: 'exception', code: 1, key: 'plant.error.illegalFunction' };
      case 2:
        return { kind: 'exception', code: 2, key: 'plant.error.illegalAddress' };
      // Acknowledge / busy: the controller is there but occupied; try again next poll.
      case 5:
      case 6:
        return { kind: 'comms', key: 'plant.error.busy' };
      default:
        return { kind: 'exception', code: e.modbusCode, key: 'plant.error.exception' };
    }
  }
  if (e.name === 'TransactionTimedOutError' || e.errno === 'ETIMEDOUT') {
    return { kind: 'comms', key: 'plant.error.noAnswer' };
  }
  if (e.name === 'PortNotOpenError') return { kind: 'lost', key: 'plant.error.unplugged' };
  // "CRC error", "Data length error", "Unexpected data error": bytes arrived but not a frame.
  return { kind: 'comms', key: 'plant.error.garbled' };
}

export function classifyOpenError(err: unknown): string {
  const message = String((err as { message?: string })?.message ?? err);
  if (/ENOENT|no such file/i.test(message)) return 'plant.error.portMissing';
  if (/EACCES|permission denied/i.test(message)) return 'plant.error.portDenied';
  if (/EBUSY|lock|resource busy/i.test(message)) return 'plant.error.portBusy';
  return 'plant.error.portOpen';
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
