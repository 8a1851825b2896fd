// The central's Ed25519 key (it signs receipts) and the stations enrolled with it. Enrolment is
// file-based and done once by a supervisor: the station's public key goes to
// <data>/stations/<STATION-ID>.pub, the central's public key (central-ed25519.pub) to the station.
// (The station's composition root calls enrolStation itself for the simulated central of
// `npm start`, the one place the station reaches into central/.)
import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../electron/platform/durable-files';
import { fingerprintOf, loadOrCreateKeyPair, type SigningKey } from '../electron/platform/signing';
import { StationIdSchema } from '../shared/intake';
import { CatdCodeSchema, type CatdCode } from '../shared/catd-view';

export function centralKeyFiles(dataDir: string): { privateFile: string; publicFile: string } {
  return {
    privateFile: path.join(dataDir, 'keys', 'central-ed25519.key'),
    publicFile: path.join(dataDir, 'keys', 'central-ed25519.pub'),
  };
}

/** The central's pair, made on first start like the station's. */
export function loadOrCreateCentralKey(dataDir: string): SigningKey {
  const { privateFile, publicFile } = centralKeyFiles(dataDir);
  return loadOrCreateKeyPair(privateFile, publicFile);
}

export function stationsDir(dataDir: string): string {
  return path.join(dataDir, 'stations');
}

export class EnrolmentError extends Error {
  override name = 'EnrolmentError';
}

/** Accepts a station's public key file (checked to be an Ed25519 public key) under its id. */
export function enrolStation(dataDir: string, stationId: string, publicKeyFile: string): string {
  if (!StationIdSchema.safeParse(stationId).success)
    throw new EnrolmentError(`identificador inválido: ${stationId}`);
  const pem = fs.readFileSync(publicKeyFile, 'utf8');
  let key;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new EnrolmentError(`${publicKeyFile} no es una clave pública`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new EnrolmentError(`${publicKeyFile} no es una clave Ed25519`);
  writeFileAtomic(path.join(stationsDir(dataDir), `${stationId}.pub`), pem, 0o644);
  return fingerprintOf(pem);
}

/** Key files read, by path, with the file's identity when read (see stationPublicKey). */
const keyFileCache = new Map<string, { stamp: string; pem: string }>();

/**
 * The enrolled station's public key, as its file holds it now (enrolment and re-enrolment need no
 * restart). The file is read again only when it changed (another inode, size or mtime: enrolment
 * replaces it by rename): the central asks for a key two or three times per request.
 */
export function stationPublicKey(dataDir: string, stationId: string): string | null {
  if (!StationIdSchema.safeParse(stationId).success) return null;
  const file = path.join(stationsDir(dataDir), `${stationId}.pub`);
  try {
    const st = fs.statSync(file);
    const stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    const known = keyFileCache.get(file);
    if (known?.stamp === stamp) return known.pem;
    const pem = fs.readFileSync(file, 'utf8');
    keyFileCache.set(file, { stamp, pem });
    return pem;
  } catch {
    keyFileCache.delete(file);
    return null;
  }
}

function catdFile(dataDir: string, stationId: string): string {
  return path.join(stationsDir(dataDir), `${stationId}.catd`);
}

/** Puts an enrolled station in a CATD (its district "EE-DD"); done by a supervisor with enrolment. */
export function enrolStationCatd(dataDir: string, stationId: string, catd: string): void {
  if (!StationIdSchema.safeParse(stationId).success)
    throw new EnrolmentError(`identificador inválido: ${stationId}`);
  if (!CatdCodeSchema.safeParse(catd).success)
    throw new EnrolmentError(`CATD inválido: ${catd} (entidad-distrito, p. ej. 09-05)`);
  writeFileAtomic(catdFile(dataDir, stationId), `${catd}\n`, 0o644);
}

/** The CATD the central enrolled this station in, read on each use (like its key); null: none. */
export function stationCatd(dataDir: string, stationId: string): CatdCode | null {
  if (!StationIdSchema.safeParse(stationId).success) return null;
  try {
    const text = fs.readFileSync(catdFile(dataDir, stationId), 'utf8').trim();
    return CatdCodeSchema.safeParse(text).success ? text : null;
  } catch {
    return null;
  }
}
