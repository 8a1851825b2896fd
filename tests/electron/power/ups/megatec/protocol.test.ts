// The Megatec/Q1 parser as a pure function: the documented replies, and each way a line breaks.
import { describe, expect, it } from 'vitest';
import {
  estimateChargePercent,
  interpretQ1,
  parseIdentity,
  parseQ1,
  parseRatings,
} from '../../../../../electron/power/ups/megatec/protocol';

const Q1 = '(226.0 195.0 226.0 014 49.0 27.5 30.0 00001000\r';

describe('Megatec Q1 parser', () => {
  it('reads the documented status line', () => {
    const r = parseQ1(Q1);
    expect(r).toEqual({
      ok: true,
      value: {
        inputVoltage: 226,
        inputFaultVoltage: 195,
        outputVoltage: 226,
        loadPercent: 14,
        frequencyHz: 49,
        batteryVoltage: 27.5,
        temperatureC: 30,
        bits: {
          utilityFail: false,
          batteryLow: false,
          bypassOrBoost: false,
          upsFailed: false,
          standby: true,
          testInProgress: false,
          shutdownActive: false,
          beeperOn: false,
        },
      },
    });
  });

  it.each([
    ['truncated line (no carriage return)', '(226.0 195.0 226.0 014 49', 'truncated'],
    ['empty', '', 'truncated'],
    ['wrong start character', '[226.0 195.0 226.0 014 49.0 27.5 30.0 00001000\r', 'bad_framing'],
    ['command echoed by a unit without Q1', 'Q1\r', 'bad_framing'],
    ['line break inside', '(226.0 195.0\n226.0 014 49.0 27.5 30.0 00001000\r', 'bad_framing'],
    ['a field missing', '(226.0 195.0 226.0 014 49.0 27.5 00001000\r', 'field_count'],
    ['a field too many', '(226.0 195.0 226.0 014 49.0 27.5 30.0 1 00001000\r', 'field_count'],
    ['non-numeric voltage', '(22x.0 195.0 226.0 014 49.0 27.5 30.0 00001000\r', 'not_numeric'],
    ['status bits not binary', '(226.0 195.0 226.0 014 49.0 27.5 30.0 0000200\r', 'bad_status_bits'],
    ['status bits too short', '(226.0 195.0 226.0 014 49.0 27.5 30.0 0000100\r', 'bad_status_bits'],
  ])('%s → %s', (_name, raw, code) => {
    const r = parseQ1(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('accepts dashes for a reading the unit lacks (temperature "--.-")', () => {
    const r = parseQ1('(226.0 195.0 226.0 014 49.0 27.5 --.- 00001000\r');
    expect(r.ok && r.value.temperatureC).toBeUndefined();
    expect(r.ok && interpretQ1(r.value, undefined).values).not.toHaveProperty('temperatureC');
  });

  it('maps status bits: b7 on battery, b6 low, b4 failed, b1 shutdown active', () => {
    const parsed = parseQ1('(000.0 000.0 220.0 016 50.0 22.0 30.0 11010010\r');
    if (!parsed.ok) throw new Error('parse failed');
    expect(interpretQ1(parsed.value, undefined).flags).toEqual({
      onBattery: true,
      lowBattery: true,
      replaceBattery: false,
      overload: false,
      bypass: false,
      fault: true,
      shutdownImminent: true,
    });
  });

  it('b5 is bypass only when output follows input; with a boosted output it is normal AVR', () => {
    const bypass = parseQ1('(230.0 230.0 229.0 030 50.0 27.3 30.0 00100000\r');
    const boost = parseQ1('(190.0 190.0 221.0 030 50.0 27.3 30.0 00100000\r');
    if (!bypass.ok || !boost.ok) throw new Error('parse failed');
    expect(interpretQ1(bypass.value, undefined).flags.bypass).toBe(true);
    expect(interpretQ1(boost.value, undefined).flags.bypass).toBe(false);
  });

  it('a load over 100 % is an overload', () => {
    const r = parseQ1('(226.0 195.0 226.0 112 49.0 27.5 30.0 00001000\r');
    expect(r.ok && interpretQ1(r.value, undefined).flags.overload).toBe(true);
  });
});

describe('Megatec F and I replies', () => {
  it('reads the ratings', () => {
    expect(parseRatings('#220.0 000 024.0 50.0\r')).toEqual({
      ok: true,
      value: { voltage: 220, current: 0, batteryVoltage: 24, frequencyHz: 50 },
    });
    expect(parseRatings('#220.0 000 024.0\r')).toMatchObject({ ok: false, error: { code: 'field_count' } });
    expect(parseRatings('(220.0 000 024.0 50.0\r')).toMatchObject({
      ok: false,
      error: { code: 'bad_framing' },
    });
  });

  it('reads the identity, fixed-width or space separated', () => {
    expect(parseIdentity('#SIMULADO        UPS1000-Q1 V1.0      \r')).toEqual({
      ok: true,
      value: { company: 'SIMULADO', model: 'UPS1000-Q1', version: 'V1.0' },
    });
    expect(parseIdentity('#Company_Name Model Version\r')).toEqual({
      ok: true,
      value: { company: 'Company_Name', model: 'Model', version: 'Version' },
    });
    expect(parseIdentity('#\x01\x02\r')).toMatchObject({ ok: false, error: { code: 'bad_framing' } });
  });
});

describe('charge estimate from battery voltage', () => {
  it('spans empty (1.75 V/cell) to full (2.25 V/cell) of the nominal pack from F', () => {
    expect(estimateChargePercent(21.0, 24)).toBe(0);
    expect(estimateChargePercent(24.0, 24)).toBe(50);
    expect(estimateChargePercent(27.0, 24)).toBe(100);
    expect(estimateChargePercent(28.2, 24)).toBe(100);
    expect(estimateChargePercent(12.0, 12)).toBe(50);
  });

  it('understands units that report volts per cell', () => {
    expect(estimateChargePercent(2.0, 24)).toBe(50);
  });

  it('gives nothing without usable ratings', () => {
    expect(estimateChargePercent(27, 0)).toBeUndefined();
  });

  it('is only computed when the ratings are known', () => {
    const r = parseQ1(Q1);
    if (!r.ok) throw new Error('parse failed');
    expect(interpretQ1(r.value, undefined).values.chargePercent).toBeUndefined();
    expect(
      interpretQ1(r.value, { voltage: 220, current: 0, batteryVoltage: 24, frequencyHz: 50 }).values
        .chargePercent,
    ).toBe(100);
  });
});
