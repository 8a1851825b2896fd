// What the supervisor console reads from and writes to removable media: the catalogue CSV, the
// signed audit export and the diagnostic bundle. Every path must lie inside a place the station
// allows (station/allowed-places.ts: detected drives, configured folders, its export folder) and
// is checked (exists, the right kind, writable); a refusal is a message key, never file content.
import fs from 'node:fs';
import path from 'node:path';
import type { CoreServices } from '../../services';
import { exportAudit } from '../../../security/audit-export';
import { loadOrCreateStationKey, type StationKey } from '../../../security/station-key';
import { signBytes } from '../../../platform/signing';
import { writeFileAtomic } from '../../../platform/durable-files';
import { schemaVersion } from '../../../store/db';
import { err, ok, type Result } from '../../../platform/result';
import {
  allowedPlaces,
  isInside,
  readFileInPlaces,
  resolveFolder,
  stationExportDir,
  type Place,
  type PlaceErrorCode,
} from '../../../station/allowed-places';

/** The catalogue of a whole district is a few MB; anything far bigger is not a catalogue. */
export const MAX_CATALOGUE_BYTES = 20_000_000;
/** How much of the end of each log file goes into a diagnostic bundle. */
export const BUNDLE_LOG_TAIL_BYTES = 512 * 1024;

export type MediaErrorCode =
  PlaceErrorCode | 'console.error.folderNotWritable' | 'console.error.insideDataDir';

/** The station's data folder: where the database lives (the key, logs and blobs are beside it). */
export function dataDirOf(services: CoreServices): string {
  return path.dirname(path.resolve(services.db.name));
}

/** The drives and folders the supervisor may pick now (the console lists them). */
export function placesOf(services: CoreServices): Place[] {
  return allowedPlaces({ files: services.config.files, dataDir: dataDirOf(services) });
}

/**
 * A folder the supervisor picked: inside an allowed place (real path), writable, and not the
 * station's data itself (a copy there does not leave the station), its export folder aside.
 */
export function checkExportFolder(services: CoreServices, folder: string): Result<string, MediaErrorCode> {
  const resolved = resolveFolder(folder, placesOf(services));
  if (!resolved.ok) return resolved;
  const dataDir = fs.realpathSync(dataDirOf(services));
  const own = fs.realpathSync(stationExportDir(dataDir));
  if (isInside(resolved.value, dataDir) && !isInside(resolved.value, own))
    return err('console.error.insideDataDir');
  try {
    fs.accessSync(resolved.value, fs.constants.W_OK);
  } catch {
    return err('console.error.folderNotWritable');
  }
  return ok(resolved.value);
}

/** Reads a catalogue CSV the supervisor picked on a drive (its content is validated later). */
export function readCatalogueFile(services: CoreServices, file: string): Result<string, MediaErrorCode> {
  return readFileInPlaces(file, placesOf(services), MAX_CATALOGUE_BYTES);
}

/** "20261125T220846Z": sorts by time and is a valid file name everywhere. */
function fileStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function stationKey(services: CoreServices): StationKey {
  // The core created the key at its first start; this only reads it back.
  return loadOrCreateStationKey(dataDirOf(services));
}

export interface AuditExportFiles {
  files: string[];
  entries: number;
}

/** The whole chain as JSON lines, its signature and the public key, each written atomically. */
export function exportAuditTo(services: CoreServices, folder: string): AuditExportFiles {
  const name = `bitacora-${services.config.station.id}-${fileStamp(services.clock.now())}.jsonl`;
  const r = exportAudit(services.audit, stationKey(services), path.join(folder, name));
  return { files: [r.file, r.signatureFile, r.publicKeyFile], entries: r.entries };
}

const SECRET_FIELD = /secret|password|passphrase|token|private|credential|^key$|Key$/i;

/** The configuration as a support person may see it: anything that looks like a secret hidden. */
export function redactConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactConfig);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_FIELD.test(k) && v !== null ? '[oculto]' : redactConfig(v),
    ]),
  );
}

function tail(file: string, bytes: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const start = Math.max(0, size - bytes);
    const buf = Buffer.alloc(size - start);
    fs.readSync(fd, buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    // Cut to whole lines: a log line torn in half is noise to whoever reads the bundle.
    return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    fs.closeSync(fd);
  }
}

function recentLogs(dataDir: string): Record<string, string> {
  const dir = path.join(dataDir, 'logs');
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isFile());
  } catch {
    return {};
  }
  return Object.fromEntries(names.sort().map((n) => [n, tail(path.join(dir, n), BUNDLE_LOG_TAIL_BYTES)]));
}

export interface DiagnosticBundleFiles {
  files: string[];
  auditOk: boolean;
}

/**
 * One JSON file with what support needs to understand the station (configuration without
 * secrets, recent logs, devices/links/power, schema version, audit check) and its signature.
 */
export function writeDiagnosticBundle(services: CoreServices, folder: string): DiagnosticBundleFiles {
  const at = services.clock.now();
  const dataDir = dataDirOf(services);
  const audit = services.audit.verify();
  const bundle = {
    kind: 'catd-diagnostico',
    createdAt: at.toISOString(),
    station: services.config.station,
    mode: services.config.mode,
    config: redactConfig(services.config),
    schemaVersion: schemaVersion(services.db),
    status: services.status.current(),
    power: services.power.current(),
    outbox: services.outbox.counts(),
    updates: services.updates.current(),
    audit,
    logs: recentLogs(dataDir),
  };
  const file = path.join(folder, `diagnostico-${services.config.station.id}-${fileStamp(at)}.json`);
  const bytes = Buffer.from(JSON.stringify(bundle, null, 2) + '\n');
  writeFileAtomic(file, bytes, 0o644);
  writeFileAtomic(`${file}.sig`, signBytes(stationKey(services), bytes) + '\n', 0o644);
  return { files: [file, `${file}.sig`], auditOk: audit.ok };
}
