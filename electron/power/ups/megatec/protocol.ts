// Megatec/Q1 protocol (the "blazer" family of NUT): pure parsers for the three replies we use.
// Q1 → "(MMM.M NNN.N PPP.P QQQ RR.R S.SS TT.T b7b6b5b4b3b2b1b0\r"
// F  → "#VVV.V CCC BB.BB FF.F\r"  (ratings)      I → "#Company_Name Model Version\r"
// Every reply is checked for its frame, field count and numbers; bad input is a typed error.
import type { UpsFlags, UpsValues } from '../types';
import { err, ok, type Result } from '../../../platform/result';

export type MegatecParseErrorCode =
  'truncated' | 'bad_framing' | 'field_count' | 'not_numeric' | 'bad_status_bits';

export interface MegatecParseError {
  code: MegatecParseErrorCode;
  detail: string;
}

export type Parsed<T> = Result<T, MegatecParseError>;

export interface Q1Status {
  inputVoltage: number;
  inputFaultVoltage: number;
  outputVoltage: number;
  loadPercent: number;
  frequencyHz: number | undefined;
  batteryVoltage: number | undefined;
  temperatureC: number | undefined;
  bits: {
    utilityFail: boolean;
    batteryLow: boolean;
    bypassOrBoost: boolean;
    upsFailed: boolean;
    standby: boolean;
    testInProgress: boolean;
    shutdownActive: boolean;
    beeperOn: boolean;
  };
}

export interface MegatecRatings {
  voltage: number;
  current: number;
  batteryVoltage: number;
  frequencyHz: number;
}

export interface MegatecIdentity {
  company: string;
  model: string;
  version: string;
}

const REPLY_END = '\r';
const Q1_FIELDS = 8;
const F_FIELDS = 4;
/** Some units (Voltronic "M" variant and clones) send dashes for a reading they lack. */
const ABSENT_FIELD = /^-+(\.-+)?$/;
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

function parseError<T>(code: MegatecParseErrorCode, detail: string): Parsed<T> {
  return err({ code, detail });
}

/** Strips the frame: start character, then the body up to the carriage return. */
function unframe(raw: string, start: '(' | '#'): Parsed<string> {
  if (!raw.endsWith(REPLY_END)) return parseError('truncated', `no end of line after ${JSON.stringify(raw)}`);
  const line = raw.slice(0, -1);
  if (line.includes('\r') || line.includes('\n'))
    return parseError('bad_framing', 'line break inside the reply');
  if (!line.startsWith(start))
    return parseError('bad_framing', `expected "${start}" first, got ${JSON.stringify(line.slice(0, 8))}`);
  return ok(line.slice(1));
}

function numberField(text: string, name: string): Parsed<number | undefined> {
  if (ABSENT_FIELD.test(text)) return ok(undefined);
  // A run of digits too long for a double reads as Infinity: line noise, not a reading.
  if (!NUMBER.test(text) || !Number.isFinite(Number(text)))
    return parseError('not_numeric', `${name}=${JSON.stringify(text.slice(0, 40))}`);
  return ok(Number(text));
}

export function parseQ1(raw: string): Parsed<Q1Status> {
  const body = unframe(raw, '(');
  if (!body.ok) return body;
  const fields = body.value.trim().split(/\s+/);
  if (fields.length !== Q1_FIELDS)
    return parseError('field_count', `expected ${Q1_FIELDS} fields, got ${fields.length}`);
  const names = [
    'inputVoltage',
    'inputFaultVoltage',
    'outputVoltage',
    'loadPercent',
    'frequencyHz',
    'batteryVoltage',
    'temperatureC',
  ];
  const nums: Array<number | undefined> = [];
  for (let i = 0; i < names.length; i++) {
    const n = numberField(fields[i]!, names[i]!);
    if (!n.ok) return n;
    nums.push(n.value);
  }
  const bits = fields[7]!;
  if (!/^[01]{8}$/.test(bits)) return parseError('bad_status_bits', `status=${JSON.stringify(bits)}`);
  const [inputVoltage, inputFaultVoltage, outputVoltage, loadPercent] = nums;
  // The three core readings every Q1 unit sends; without them the line is not a status.
  if (inputVoltage === undefined || outputVoltage === undefined || loadPercent === undefined) {
    return parseError('not_numeric', 'input voltage, output voltage and load are required');
  }
  const b = (i: number) => bits[i] === '1';
  return ok({
    inputVoltage,
    inputFaultVoltage: inputFaultVoltage ?? inputVoltage,
    outputVoltage,
    loadPercent,
    frequencyHz: nums[4],
    batteryVoltage: nums[5],
    temperatureC: nums[6],
    bits: {
      utilityFail: b(0),
      batteryLow: b(1),
      bypassOrBoost: b(2),
      upsFailed: b(3),
      standby: b(4),
      testInProgress: b(5),
      shutdownActive: b(6),
      beeperOn: b(7),
    },
  });
}

export function parseRatings(raw: string): Parsed<MegatecRatings> {
  const body = unframe(raw, '#');
  if (!body.ok) return body;
  const fields = body.value.trim().split(/\s+/);
  if (fields.length !== F_FIELDS)
    return parseError('field_count', `expected ${F_FIELDS} fields, got ${fields.length}`);
  const out: number[] = [];
  for (const [i, name] of ['voltage', 'current', 'batteryVoltage', 'frequencyHz'].entries()) {
    const n = numberField(fields[i]!, name);
    if (!n.ok) return n;
    if (n.value === undefined) return parseError('not_numeric', `${name} missing`);
    out.push(n.value);
  }
  return ok({ voltage: out[0]!, current: out[1]!, batteryVoltage: out[2]!, frequencyHz: out[3]! });
}

/** "#" + company (15) + " " + model (10) + " " + version (10), space padded; clones vary the widths. */
export function parseIdentity(raw: string): Parsed<MegatecIdentity> {
  const body = unframe(raw, '#');
  if (!body.ok) return body;
  if (!/^[\x20-\x7e]*$/.test(body.value))
    return parseError('bad_framing', 'non-printable characters in identity');
  const text = body.value;
  const fixed = text.length >= 37 && text[15] === ' ' && text[26] === ' ';
  const [company, model, version] = fixed
    ? [text.slice(0, 15), text.slice(16, 26), text.slice(27)]
    : (() => {
        const parts = text.trim().split(/\s+/);
        return [parts[0] ?? '', parts[1] ?? '', parts.slice(2).join(' ')];
      })();
  const identity = { company: company.trim(), model: model.trim(), version: version.trim() };
  if (!identity.company && !identity.model) return parseError('field_count', 'empty identity');
  return ok(identity);
}

// Lead-acid per cell: about 2.25 V on float charge (full) and 1.75 V at the end of discharge
// (empty); 2 V nominal, so a 24 V battery has 12 cells. An estimate like NUT's blazer default.
export const LEAD_ACID_CELL_FULL_V = 2.25;
export const LEAD_ACID_CELL_EMPTY_V = 1.75;
export const LEAD_ACID_CELL_NOMINAL_V = 2.0;
/** Q1 battery voltages up to this are per cell (many units report e.g. "2.27"), not the pack's. */
const PER_CELL_MAX_V = 3;

/** Charge % from battery voltage and the nominal pack voltage of the F ratings. */
export function estimateChargePercent(
  batteryVoltage: number,
  nominalPackVoltage: number,
): number | undefined {
  if (!(nominalPackVoltage > 0) || !(batteryVoltage > 0)) return undefined;
  const cells = Math.round(nominalPackVoltage / LEAD_ACID_CELL_NOMINAL_V);
  if (cells < 1) return undefined;
  const perCell = batteryVoltage <= PER_CELL_MAX_V ? batteryVoltage : batteryVoltage / cells;
  const fraction = (perCell - LEAD_ACID_CELL_EMPTY_V) / (LEAD_ACID_CELL_FULL_V - LEAD_ACID_CELL_EMPTY_V);
  return Math.round(Math.max(0, Math.min(1, fraction)) * 100);
}

/** Within this fraction of input, an output under "bypass/boost" is passing mains straight through. */
const BYPASS_TOLERANCE = 0.05;

/** Protocol-neutral flags and values from a Q1 status (and the ratings, when known). */
export function interpretQ1(
  q1: Q1Status,
  ratings: MegatecRatings | undefined,
): { flags: UpsFlags; values: UpsValues } {
  const { bits } = q1;
  // b5 means "bypass or boost/buck active": boost/buck (AVR) is normal line-interactive work and
  // changes the output voltage; real bypass passes the input through, so compare the two (as NUT's
  // blazer does) before telling the operator the load is unprotected.
  const passThrough =
    q1.inputVoltage > 0 && Math.abs(q1.outputVoltage - q1.inputVoltage) <= q1.inputVoltage * BYPASS_TOLERANCE;
  const flags: UpsFlags = {
    onBattery: bits.utilityFail,
    lowBattery: bits.batteryLow,
    replaceBattery: false,
    // Q1 has no overload bit; a load over 100 % of the rating is one.
    overload: q1.loadPercent > 100,
    bypass: bits.bypassOrBoost && !bits.utilityFail && passThrough,
    fault: bits.upsFailed,
    shutdownImminent: bits.shutdownActive,
  };
  const values: UpsValues = {
    inputVoltage: q1.inputVoltage,
    outputVoltage: q1.outputVoltage,
    loadPercent: q1.loadPercent,
  };
  if (q1.frequencyHz !== undefined) values.frequencyHz = q1.frequencyHz;
  if (q1.temperatureC !== undefined) values.temperatureC = q1.temperatureC;
  if (q1.batteryVoltage !== undefined && ratings) {
    const charge = estimateChargePercent(q1.batteryVoltage, ratings.batteryVoltage);
    if (charge !== undefined) values.chargePercent = charge;
  }
  return { flags, values };
}

export function identityName(id: MegatecIdentity): string {
  return [id.company, id.model].filter(Boolean).join(' ');
}
