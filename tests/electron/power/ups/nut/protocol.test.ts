// upsd answer lines and ups.status tokens, as pure functions.
import { describe, expect, it } from 'vitest';
import {
  interpretNutVars,
  nutErrorFault,
  parseNutLine,
  parseUpsStatus,
} from '../../../../../electron/power/ups/nut/protocol';

describe('NUT protocol lines', () => {
  it('parses VAR lines with escaped quotes and backslashes', () => {
    expect(parseNutLine('VAR su700 ups.model "Smart-UPS \\"700\\" \\\\ x"')).toEqual({
      kind: 'var',
      ups: 'su700',
      name: 'ups.model',
      value: 'Smart-UPS "700" \\ x',
    });
    expect(parseNutLine('VAR su700 battery.charge "100"\r')).toMatchObject({ value: '100' });
  });

  it('parses ERR, BEGIN and END; anything else is "other", never a throw', () => {
    expect(parseNutLine('ERR DATA-STALE')).toEqual({ kind: 'err', code: 'DATA-STALE' });
    expect(parseNutLine('BEGIN LIST VAR su700')).toEqual({ kind: 'begin', what: 'LIST VAR su700' });
    expect(parseNutLine('END LIST VAR su700')).toEqual({ kind: 'end', what: 'LIST VAR su700' });
    expect(parseNutLine('VAR su700 x "unterminated')).toEqual({
      kind: 'other',
      text: 'VAR su700 x "unterminated',
    });
    expect(parseNutLine('\u0000\u00ff garbage')).toMatchObject({ kind: 'other' });
  });

  it('maps upsd errors to what the operator sees', () => {
    expect(nutErrorFault('DATA-STALE')).toMatchObject({
      code: 'device_stale',
      messageKey: 'ups.error.nutDataStale',
    });
    expect(nutErrorFault('DRIVER-NOT-CONNECTED')).toMatchObject({ code: 'device_not_connected' });
    expect(nutErrorFault('UNKNOWN-UPS')).toMatchObject({
      code: 'unknown_ups',
      messageKey: 'ups.error.nutUnknownUps',
    });
    expect(nutErrorFault('SOMETHING-NEW')).toMatchObject({ code: 'bad_reply' });
  });
});

describe('ups.status tokens', () => {
  it.each([
    ['OL', {}],
    ['OL CHRG', {}],
    ['OB DISCHRG', { onBattery: true }],
    ['OB LB', { onBattery: true, lowBattery: true }],
    ['OL RB', { replaceBattery: true }],
    ['OL BYPASS', { bypass: true }],
    ['OL OVER', { overload: true }],
    ['OL TRIM', {}],
    ['OL BOOST', {}],
    ['OB LB FSD', { onBattery: true, lowBattery: true, shutdownImminent: true }],
    ['OFF', { fault: true }],
  ])('%s', (status, expected) => {
    expect(parseUpsStatus(status).flags).toEqual({
      onBattery: false,
      lowBattery: false,
      replaceBattery: false,
      overload: false,
      bypass: false,
      fault: false,
      shutdownImminent: false,
      ...expected,
    });
  });

  it('tolerates tokens it does not know and lists them', () => {
    const s = parseUpsStatus('ALARM  OL HB CAL');
    expect(s.flags.onBattery).toBe(false);
    expect(s.unknown).toEqual(['ALARM', 'HB', 'CAL']);
  });

  it('takes values from the variables each unit publishes and skips non-numbers', () => {
    const r = interpretNutVars(
      new Map([
        ['ups.status', 'OL'],
        ['battery.charge', '100.00'],
        ['output.frequency', '60.1'],
        ['battery.temperature', '024.7'],
        ['ups.load', 'n/a'],
        ['ups.mfr', 'EATON'],
        ['ups.model', 'Eaton 3S 550'],
      ]),
    );
    expect(r).toMatchObject({
      ok: true,
      value: {
        values: { chargePercent: 100, frequencyHz: 60.1, temperatureC: 24.7 },
        name: 'EATON Eaton 3S 550',
      },
    });
    expect(r.ok && r.value.values).not.toHaveProperty('loadPercent');
  });

  it('without ups.status the answer is not a status', () => {
    expect(interpretNutVars(new Map([['battery.charge', '100']]))).toMatchObject({
      ok: false,
      error: { code: 'bad_reply' },
    });
  });
});
