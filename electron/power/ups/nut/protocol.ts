// NUT network protocol (upsd, TCP 3493): pure parsing of its answer lines and the meaning of
// ups.status tokens. Reference: networkupstools.org/docs/developer-guide.chunked/net-protocol.html
import type { UpsFault, UpsFlags, UpsValueName, UpsValues } from '../types';
import { err, ok, type Result } from '../../../platform/result';

export type NutLine =
  | { kind: 'var'; ups: string; name: string; value: string }
  | { kind: 'err'; code: string }
  | { kind: 'begin'; what: string }
  | { kind: 'end'; what: string }
  | { kind: 'other'; text: string };

/** Names upsd accepts for a UPS (also what the config allows, so a command is never injected). */
export const NUT_UPS_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** One quoted value: backslash escapes a quote or a backslash. */
function unquote(text: string): string | null {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return null;
  const inner = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === '\\') {
      const next = inner[i + 1];
      if (next === undefined) return null;
      out += next;
      i++;
    } else if (c === '"') {
      return null;
    } else {
      out += c;
    }
  }
  return out;
}

export function parseNutLine(line: string): NutLine {
  const text = line.replace(/\r$/, '');
  const err = /^ERR (\S+)/.exec(text);
  if (err) return { kind: 'err', code: err[1]! };
  const v = /^VAR (\S+) (\S+) (".*")$/s.exec(text);
  if (v) {
    const value = unquote(v[3]!);
    if (value !== null) return { kind: 'var', ups: v[1]!, name: v[2]!, value };
  }
  const b = /^BEGIN (.+)$/s.exec(text);
  if (b) return { kind: 'begin', what: b[1]! };
  const e = /^END (.+)$/s.exec(text);
  if (e) return { kind: 'end', what: e[1]! };
  return { kind: 'other', text };
}

/** What upsd's error codes mean for the operator. */
export function nutErrorFault(code: string): UpsFault {
  switch (code) {
    case 'DATA-STALE':
      return { code: 'device_stale', messageKey: 'ups.error.nutDataStale', detail: code };
    case 'DRIVER-NOT-CONNECTED':
      return { code: 'device_not_connected', messageKey: 'ups.error.nutDriverNotConnected', detail: code };
    case 'UNKNOWN-UPS':
      return { code: 'unknown_ups', messageKey: 'ups.error.nutUnknownUps', detail: code };
    case 'ACCESS-DENIED':
      return { code: 'unknown_ups', messageKey: 'ups.error.nutAccessDenied', detail: code };
    default:
      return { code: 'bad_reply', messageKey: 'ups.error.garbled', detail: `ERR ${code}` };
  }
}

export interface NutStatus {
  flags: UpsFlags;
  /** Tokens this driver does not interpret (HB, ALARM, CAL, TEST, vendor ones...): shown in logs only. */
  unknown: string[];
  /** The driver is still starting ("WAIT"): nothing it says is current yet. */
  waiting: boolean;
}

/** Tokens that inform but change nothing the operator must act on (charging, AVR at work). */
const INFORMATIONAL = new Set(['OL', 'CHRG', 'DISCHRG', 'TRIM', 'BOOST']);

export function parseUpsStatus(status: string): NutStatus {
  const tokens = status.trim().split(/\s+/).filter(Boolean);
  const has = (t: string) => tokens.includes(t);
  const flags: UpsFlags = {
    onBattery: has('OB'),
    lowBattery: has('LB'),
    replaceBattery: has('RB'),
    overload: has('OVER'),
    bypass: has('BYPASS'),
    // OFF: the unit is not powering its load; for the workstation that is a failed UPS.
    fault: has('OFF'),
    shutdownImminent: has('FSD'),
  };
  const known = new Set([...INFORMATIONAL, 'OB', 'LB', 'RB', 'OVER', 'BYPASS', 'OFF', 'FSD', 'WAIT']);
  return { flags, unknown: tokens.filter((t) => !known.has(t)), waiting: has('WAIT') };
}

/** NUT variable for each value, first found wins (units publish different ones). */
const VALUE_SOURCES: Record<UpsValueName, string[]> = {
  chargePercent: ['battery.charge'],
  runtimeSeconds: ['battery.runtime'],
  inputVoltage: ['input.voltage'],
  outputVoltage: ['output.voltage'],
  loadPercent: ['ups.load'],
  frequencyHz: ['input.frequency', 'output.frequency'],
  temperatureC: ['ups.temperature', 'battery.temperature'],
};

export type NutInterpretation = Result<
  { status: NutStatus; values: UpsValues; name: string | undefined },
  UpsFault
>;

export function interpretNutVars(vars: ReadonlyMap<string, string>): NutInterpretation {
  const status = vars.get('ups.status');
  if (status === undefined || status.trim() === '') {
    return err({ code: 'bad_reply', messageKey: 'ups.error.garbled', detail: 'no ups.status' });
  }
  const parsed = parseUpsStatus(status);
  const values: UpsValues = {};
  for (const [name, sources] of Object.entries(VALUE_SOURCES) as Array<[UpsValueName, string[]]>) {
    for (const src of sources) {
      const raw = vars.get(src);
      if (raw === undefined) continue;
      // Some units pad numbers ("024.7") or add units; only a clean decimal counts.
      const m = /^\s*([+-]?\d+(?:\.\d+)?)\s*$/.exec(raw);
      // A digit run too long for a double reads as Infinity: garbage, not a reading.
      if (m && Number.isFinite(Number(m[1]))) {
        values[name] = Number(m[1]);
        break;
      }
    }
  }
  const mfr = vars.get('device.mfr') ?? vars.get('ups.mfr');
  const model = vars.get('device.model') ?? vars.get('ups.model');
  const name =
    [mfr, model]
      .map((s) => s?.trim())
      .filter(Boolean)
      .join(' ') || undefined;
  return ok({ status: parsed, values, name });
}
