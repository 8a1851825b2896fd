import { describe, expect, it } from 'vitest';
import {
  DSE_GENCOMM_MAP,
  PlantRegisterMapSchema,
  decodeAlarms,
  decodeRegister,
  imageKey,
  planReadBlocks,
  type RegisterSpec,
} from '../../../../electron/power/plant/register-map';
import { PlantModbusConfigSchema } from '../../../../electron/power/plant/modbus-plant';

const spec = (s: Partial<RegisterSpec>): RegisterSpec => ({
  address: 0,
  functionCode: 3,
  words: 1,
  signed: false,
  scale: 1,
  wordOrder: 'high-first',
  ...s,
});
const image = (words: number[], fc: 3 | 4 = 3, start = 0) =>
  new Map(words.map((w, i) => [imageKey(fc, start + i), w]));

describe('plant register map', () => {
  it('reads the DSE GenComm registers in three requests (status flags, engine/generator, mains)', () => {
    expect(planReadBlocks(DSE_GENCOMM_MAP)).toEqual([
      { functionCode: 3, start: 774, length: 1, essential: false },
      { functionCode: 3, start: 1027, length: 7, essential: true },
      { functionCode: 3, start: 1059, length: 3, essential: false },
    ]);
  });

  it('never asks for more than 125 registers in one request, and keeps FC 3 and 4 apart', () => {
    // Alarm registers 15 apart: close enough to share requests until the 125-register limit.
    const alarms = Array.from({ length: 10 }, (_, i) => ({
      code: `a${i}`,
      address: i * 15,
      mask: 1,
      severity: 'warning' as const,
    }));
    const map = PlantRegisterMapSchema.parse({
      values: { engineRpm: { address: 0 }, generatorVoltage: { address: 0, functionCode: 4, words: 2 } },
      alarms,
    });
    expect(planReadBlocks(map)).toEqual([
      { functionCode: 3, start: 0, length: 121, essential: true },
      { functionCode: 3, start: 135, length: 1, essential: false },
      { functionCode: 4, start: 0, length: 2, essential: false },
    ]);
  });

  it('scales, signs and joins 32-bit words in either order', () => {
    expect(decodeRegister(image([1273]), spec({ scale: 0.1 }), false)).toBe(127.3);
    expect(decodeRegister(image([0xfff6]), spec({ signed: true }), false)).toBe(-10);
    expect(decodeRegister(image([0xfff6]), spec({ signed: false }), false)).toBe(65526);
    expect(decodeRegister(image([0x0001, 0x0002]), spec({ words: 2 }), false)).toBe(65538);
    expect(decodeRegister(image([0x0002, 0x0001]), spec({ words: 2, wordOrder: 'low-first' }), false)).toBe(
      65538,
    );
    expect(decodeRegister(image([0xffff, 0xfffe]), spec({ words: 2, signed: true }), false)).toBe(-2);
  });

  it('leaves out GenComm "no reading" sentinels when the map says so', () => {
    expect(decodeRegister(image([0xffff]), spec({}), true)).toBeNull();
    expect(decodeRegister(image([0xfff8]), spec({}), true)).toBeNull();
    expect(decodeRegister(image([0xfff7]), spec({}), true)).toBe(0xfff7);
    expect(decodeRegister(image([0x7fff]), spec({ signed: true }), true)).toBeNull();
    expect(decodeRegister(image([0xffff, 0xffff]), spec({ words: 2 }), true)).toBeNull();
    expect(decodeRegister(image([0xffff]), spec({}), false)).toBe(65535);
  });

  it('reads nothing for a register that was not in the answer', () => {
    expect(decodeRegister(new Map(), spec({}), false)).toBeNull();
    expect(decodeRegister(image([1]), spec({ words: 2 }), false)).toBeNull();
  });

  it('reports the alarms whose bits are set', () => {
    const alarms = DSE_GENCOMM_MAP.alarms;
    expect(decodeAlarms(image([0], 3, 774), alarms)).toEqual([]);
    expect(decodeAlarms(image([(1 << 13) | (1 << 11)], 3, 774), alarms).map((a) => a.code)).toEqual([
      'shutdown',
      'warning',
    ]);
  });

  it('rejects a bad register map with the field that is wrong', () => {
    const r = PlantModbusConfigSchema.safeParse({
      driver: 'modbus',
      path: '/dev/ttyUSB0',
      registerMap: { values: { engineRpm: { address: 70000 } } },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join('.')).toBe('registerMap.values.engineRpm.address');
    const noRpm = PlantModbusConfigSchema.safeParse({
      driver: 'modbus',
      path: '/dev/ttyUSB0',
      registerMap: { values: { fuelPercent: { address: 1 } } },
    });
    expect(noRpm.success).toBe(false);
    const typo = PlantModbusConfigSchema.safeParse({ driver: 'modbus', path: '/dev/ttyUSB0', baud: 9600 });
    expect(typo.success).toBe(false);
  });

  it('defaults to the DSE map, slave 10, 9600 8N2', () => {
    const c = PlantModbusConfigSchema.parse({ driver: 'modbus', path: '/dev/ttyUSB0' });
    expect(c).toMatchObject({
      registerMap: 'dse-gencomm',
      unitId: 10,
      baudRate: 9600,
      stopBits: 2,
      parity: 'none',
    });
  });
});
