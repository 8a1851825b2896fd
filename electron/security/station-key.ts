// The station's Ed25519 key: generated on first start, private half readable by the owner only.
// It signs what leaves the station (manifests, heartbeats, media exports, audit exports), so a
// copy can be checked away from this machine with the public half alone. The signing itself is
// the platform's (the central signs its receipts the same way); re-exported here so station code
// finds its key and what it does with it in one place.
import path from 'node:path';
import { loadOrCreateKeyPair, type SigningKey } from '../platform/signing';

export type StationKey = SigningKey;

export function keyFiles(dataDir: string): { privateFile: string; publicFile: string } {
  const dir = path.join(dataDir, 'keys');
  return {
    privateFile: path.join(dir, 'station-ed25519.key'),
    publicFile: path.join(dir, 'station-ed25519.pub'),
  };
}

export function loadOrCreateStationKey(dataDir: string): StationKey {
  const { privateFile, publicFile } = keyFiles(dataDir);
  return loadOrCreateKeyPair(privateFile, publicFile);
}
