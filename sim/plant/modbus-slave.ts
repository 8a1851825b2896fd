// A simulated DSE-style generator controller answering Modbus RTU on a serial line (a socat pty
// in tests). It is written against the wire format, not with modbus-serial's ServerSerial, so
// the driver is tested against an independent implementation: ServerSerial also rewrites the
// CRC of what it receives and cannot be told to stay silent or send garbage.
//
// Scriptable: mains fail → start delay → cranking → running; mains return → cooldown → standby;
// fuel level; alarms; and line behaviours (answer, silent, garbage, bad CRC, exception).
import { SerialPort } from 'serialport';

/** Modbus RTU CRC-16 (poly 0xA001, init 0xFFFF), sent low byte first. */
export function crc16(buf: Uint8Array): number {
  let crc = 0xffff;
  for (const b of buf) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

export function withCrc(body: Uint8Array): Buffer {
  const out = Buffer.alloc(body.length + 2);
  out.set(body);
  out.writeUInt16LE(crc16(body), body.length);
  return out;
}

const PAGE = 256;
const gc = (page: number, offset: number) => page * PAGE + offset;
/** GenComm "unimplemented" sentinel for a register inside a page that exists. */
const UNIMPLEMENTED = 0xffff;
/** Pages this controller has; anything else is an illegal data address. */
const PAGES = new Set([3, 4]);

/** Status flag bits of page 3 offset 6, as the driver's default map reads them. */
export const GENCOMM_ALARM_BITS = {
  controlUnitFailure: 1 << 14,
  shutdown: 1 << 13,
  electricalTrip: 1 << 12,
  warning: 1 << 11,
} as const;
export type SimAlarm = keyof typeof GENCOMM_ALARM_BITS;

export type LineBehaviour =
  | { kind: 'answer' }
  | { kind: 'silent' }
  /** Bytes that are not a frame. */
  | { kind: 'garbage' }
  /** A well-formed answer with a wrong CRC. */
  | { kind: 'badCrc' }
  /** Every request refused with this exception code (2 = illegal data address, 6 = busy...). */
  | { kind: 'exception'; code: number; fromAddress?: number };

export interface PlantTimings {
  /** Mains gone → engine cranking (DSE "start delay"). */
  startDelayMs: number;
  /** Cranking → running at rated speed. */
  crankMs: number;
  /** Mains back → engine stops after running off load. */
  cooldownMs: number;
}

export const REALISTIC_TIMINGS: PlantTimings = { startDelayMs: 5_000, crankMs: 3_000, cooldownMs: 60_000 };

/** The generator set and its controller: what the registers show. */
export class SimulatedGenset {
  mainsVoltage = 127.0;
  mainsFrequencyHz = 60.0;
  engineRpm = 0;
  generatorVoltage = 0;
  generatorFrequencyHz = 0;
  fuelPercent = 85;
  engineBatteryVoltage = 13.2;
  private alarmBits = 0;
  private timers = new Set<NodeJS.Timeout>();

  constructor(private readonly timings: PlantTimings = REALISTIC_TIMINGS) {}

  failMains(): void {
    this.clearTimers();
    this.mainsVoltage = 0;
    this.mainsFrequencyHz = 0;
    this.after(this.timings.startDelayMs, () => {
      if (this.stoppedByAlarm()) return;
      this.engineRpm = 250; // cranking on the starter motor
      this.after(this.timings.crankMs, () => this.runAtRatedSpeed());
    });
  }

  restoreMains(): void {
    this.clearTimers();
    this.mainsVoltage = 127.0;
    this.mainsFrequencyHz = 60.0;
    if (this.engineRpm > 0) this.after(this.timings.cooldownMs, () => this.stopEngine());
  }

  setFuel(percent: number): void {
    this.fuelPercent = percent;
  }

  raiseAlarm(alarm: SimAlarm): void {
    this.alarmBits |= GENCOMM_ALARM_BITS[alarm];
    if (this.stoppedByAlarm()) {
      this.clearTimers();
      this.stopEngine();
    }
  }

  clearAlarms(): void {
    this.alarmBits = 0;
  }

  /** Holding register value, or null for an address the controller does not have. */
  register(address: number): number | null {
    if (!PAGES.has(Math.floor(address / PAGE))) return null;
    const u32 = (v: number, word: 0 | 1) => {
      const raw = Math.round(v * 10) >>> 0;
      return word === 0 ? raw >>> 16 : raw & 0xffff;
    };
    switch (address) {
      case gc(3, 6):
        return this.alarmBits;
      case gc(4, 3):
        return Math.round(this.fuelPercent);
      case gc(4, 5):
        return Math.round(this.engineBatteryVoltage * 10);
      case gc(4, 6):
        return Math.round(this.engineRpm);
      case gc(4, 7):
        return Math.round(this.generatorFrequencyHz * 10);
      case gc(4, 8):
        return u32(this.generatorVoltage, 0);
      case gc(4, 9):
        return u32(this.generatorVoltage, 1);
      case gc(4, 35):
        return Math.round(this.mainsFrequencyHz * 10);
      case gc(4, 36):
        return u32(this.mainsVoltage, 0);
      case gc(4, 37):
        return u32(this.mainsVoltage, 1);
      default:
        return UNIMPLEMENTED;
    }
  }

  dispose(): void {
    this.clearTimers();
  }

  private runAtRatedSpeed(): void {
    this.engineRpm = 1800;
    this.generatorVoltage = 127.0;
    this.generatorFrequencyHz = 60.0;
  }

  private stopEngine(): void {
    this.engineRpm = 0;
    this.generatorVoltage = 0;
    this.generatorFrequencyHz = 0;
  }

  private stoppedByAlarm(): boolean {
    const stopping =
      GENCOMM_ALARM_BITS.shutdown | GENCOMM_ALARM_BITS.electricalTrip | GENCOMM_ALARM_BITS.controlUnitFailure;
    return (this.alarmBits & stopping) !== 0;
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

export interface PlantSlave {
  genset: SimulatedGenset;
  behaviour: LineBehaviour;
  /** Requests addressed to this unit so far (answered or not). */
  readonly requests: number;
  /** Resolves once `n` more requests have arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const READ_REQUEST_LENGTH = 8;

/** Opens `path` and answers as controller `unitId`. */
export async function startPlantSlave(opts: {
  path: string;
  unitId?: number;
  baudRate?: number;
  genset?: SimulatedGenset;
}): Promise<PlantSlave> {
  const unitId = opts.unitId ?? 10;
  const genset = opts.genset ?? new SimulatedGenset();
  const port = new SerialPort({ path: opts.path, baudRate: opts.baudRate ?? 9600, autoOpen: false });
  port.on('error', () => {
    /* the line went away: the test decides what that means */
  });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));

  let requests = 0;
  const waiters = new Set<() => void>();
  let pending = Buffer.alloc(0);
  const slave: PlantSlave = {
    genset,
    behaviour: { kind: 'answer' },
    get requests() {
      return requests;
    },
    waitForRequests(n, timeoutMs = 5_000) {
      const target = requests + n;
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests >= target) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`slave saw ${requests - target + n} of ${n} requests in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        genset.dispose();
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };

  port.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    // Requests of the read/write-single family are 8 bytes; anything that is not a valid
    // frame at the head of the buffer is skipped a byte at a time (how a slave resyncs).
    while (pending.length >= READ_REQUEST_LENGTH) {
      const frame = pending.subarray(0, READ_REQUEST_LENGTH);
      if (crc16(frame.subarray(0, 6)) !== frame.readUInt16LE(6)) {
        pending = pending.subarray(1);
        continue;
      }
      pending = pending.subarray(READ_REQUEST_LENGTH);
      if (frame[0] !== unitId) continue;
      requests++;
      const reply = answer(frame, genset, slave.behaviour);
      if (reply) port.write(reply);
      for (const w of [...waiters]) w();
    }
  });
  return slave;
}

function exception(unit: number, fc: number, code: number): Buffer {
  return withCrc(Uint8Array.of(unit, fc | 0x80, code));
}

function answer(frame: Buffer, genset: SimulatedGenset, behaviour: LineBehaviour): Buffer | null {
  const unit = frame[0]!;
  const fc = frame[1]!;
  const start = frame.readUInt16BE(2);
  const count = frame.readUInt16BE(4);
  switch (behaviour.kind) {
    case 'silent':
      return null;
    case 'garbage':
      return Buffer.from([0x00, 0xff, 0x13, 0x37, 0xfe, 0x55, 0xaa, 0x01, 0x02]);
    case 'exception':
      if (behaviour.fromAddress === undefined || start >= behaviour.fromAddress) {
        return exception(unit, fc, behaviour.code);
      }
      break;
    case 'answer':
    case 'badCrc':
      break;
  }
  if (fc !== 3) return exception(unit, fc, 1); // GenComm is holding registers only
  if (count < 1 || count > 125) return exception(unit, fc, 3);
  const body = Buffer.alloc(3 + count * 2);
  body[0] = unit;
  body[1] = fc;
  body[2] = count * 2;
  for (let i = 0; i < count; i++) {
    const v = genset.register(start + i);
    if (v === null) return exception(unit, fc, 2);
    body.writeUInt16BE(v & 0xffff, 3 + i * 2);
  }
  const reply = withCrc(body);
  if (behaviour.kind === 'badCrc')
    reply.writeUInt8(reply.readUInt8(reply.length - 1) ^ 0xff, reply.length - 1);
  return reply;
}
