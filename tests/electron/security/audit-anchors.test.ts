// Issue #15 §1: with the data folder, the audit chain could be cut short (drop the triggers,
// delete every entry after 70, restore them) or rewritten (edit entry 72 and recompute every later
// hash), and `catd audit verify` still said "íntegra"; a re-signed export passed `verify-export`
// with the `.pub` beside it. Now heartbeats and manifests carry the chain head, the central keeps
// them as anchors, and both checks run against those anchors and a key from outside the export.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startIntakeServer, type IntakeServer } from '../../../central/server';
import { entryHash } from '../../../electron/security/audit';
import { exportAudit } from '../../../electron/security/audit-export';
import { loadOrCreateStationKey } from '../../../electron/security/station-key';
import { deliverOverLink } from '../../../electron/transmit/protocol';
import { LinkClient } from '../../../electron/transmit/http-client';
import { tempDir } from '../../helpers/temp';
import {
  makeActa,
  openStationSide,
  startTransmitter,
  STATION_ID,
  type TestStationSide,
} from '../transmit/fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function catd(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/catd.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** A station with `entries` audit entries whose head reached the central in a signed heartbeat. */
async function anchoredStation(entries: number) {
  const centralDir = tempDir('catd-central-');
  const intake = await startIntakeServer({ ports: [0], dataDir: centralDir });
  cleanups.push(() => intake.close());
  const station = openStationSide(tempDir('catd-station-'), centralDir);
  cleanups.push(() => station.close());
  for (let i = station.audit.count() + 1; i <= entries; i++)
    station.audit.append('ana', 'acta.test', `acta-${i}`, { i });
  await heartbeat(station, intake);
  return { centralDir, intake, station };
}

async function heartbeat(station: TestStationSide, intake: IntakeServer) {
  const { tx } = startTransmitter(station, { primary: intake.urls[0]!, backup: intake.urls[0]! });
  await expect.poll(() => tx.sendHeartbeat(), { timeout: 5_000 }).toBe(true);
  await tx.stop();
}

function exportAnchors(centralDir: string): string {
  const file = path.join(tempDir(), 'anclas.json');
  const r = catd('central', 'anchors', '--station', STATION_ID, '--data', centralDir, '--out', file);
  expect(r.code, r.out).toBe(0);
  return file;
}

function withoutTriggers(station: TestStationSide, change: () => void) {
  const db = station.db;
  const triggers = db
    .prepare<[], { sql: string }>(
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'",
    )
    .all();
  expect(triggers.length).toBeGreaterThan(0);
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  change();
  for (const t of triggers) db.exec(t.sql);
}

/** Rewrites entry `seq` and recomputes every later hash, as a careful attacker would. */
function rewriteFrom(station: TestStationSide, seq: number) {
  withoutTriggers(station, () => {
    const rows = [...station.audit.entries()];
    let prev = rows[seq - 2]!.hash;
    const put = station.db.prepare('UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?');
    for (const e of rows.slice(seq - 1)) {
      const details = e.seq === seq ? { i: 999, nota: 'reescrita' } : e.details;
      const hash = entryHash({ ...e, details, prevHash: prev });
      put.run(JSON.stringify(details), prev, hash, e.seq);
      prev = hash;
    }
  });
}

describe('audit anchored at the central', () => {
  it('heartbeats and manifests leave anchors at the central', async () => {
    const { intake, station } = await anchoredStation(10);
    const e = station.outbox.enqueue(makeActa(station.dataDir, 1));
    if (!e.ok) throw new Error(e.error.messageKey);
    expect(e.value.signed.manifest.auditHead.seq).toBe(10);
    const client = new LinkClient({ url: intake.urls[0]!, maxConcurrency: 1 }, station.signer);
    cleanups.push(() => client.close());
    const out = await deliverOverLink(client, e.value, {
      stationId: STATION_ID,
      centralKeyPem: station.centralKeyPem,
    });
    expect(out.kind).toBe('delivered');
    const anchors = await intake.store.anchors.list(STATION_ID);
    expect(anchors.map((a) => [a.seq, a.source])).toEqual([[10, 'heartbeat']]);
    // The manifest anchored the head it was signed at (10, already kept from the heartbeat); the
    // next heartbeat anchors the entry the enqueue added.
    await heartbeat(station, intake);
    expect((await intake.store.anchors.list(STATION_ID)).map((a) => a.seq)).toEqual([
      10,
      station.audit.count(),
    ]);
    expect((await intake.store.anchors.list(STATION_ID))[0]!.hash).toBe(station.audit.hashAt(10));
  });

  it('entries deleted after 70 with the triggers dropped and restored: truncation, named by seq', async () => {
    const { centralDir, station } = await anchoredStation(80);
    withoutTriggers(station, () => station.db.prepare('DELETE FROM audit_log WHERE seq > 70').run());
    // The chain alone cannot tell: it is a whole chain of 70.
    const alone = catd('audit', 'verify', '--data', station.dataDir);
    expect(alone.out).toContain('Bitácora íntegra: 70 entradas');
    const anchored = catd(
      'audit',
      'verify',
      '--data',
      station.dataDir,
      '--anchors',
      exportAnchors(centralDir),
    );
    expect(anchored.code, anchored.out).toBe(1);
    expect(anchored.out).toContain('TRUNCADA: el centro tiene un ancla en la entrada 80');
    expect(anchored.out).toContain('sólo tiene 70 entradas');
  });

  it('entry 72 rewritten and every later hash recomputed: a rewrite, at the station and at the central', async () => {
    const { centralDir, station } = await anchoredStation(80);
    const intact = catd('audit', 'verify', '--data', station.dataDir, '--anchors', exportAnchors(centralDir));
    expect(intact.code, intact.out).toBe(0);
    expect(intact.out).toContain('Bitácora íntegra y anclada: 80 entradas');

    rewriteFrom(station, 72);
    expect(station.audit.verify()).toMatchObject({ ok: true, entries: 80 });
    const r = catd('audit', 'verify', '--data', station.dataDir, '--anchors', exportAnchors(centralDir));
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('REESCRITA: la entrada 80 tiene otro hash');

    // The station's own (validly signed) export of the rewritten chain, checked by the central.
    const file = path.join(tempDir(), 'bitacora.jsonl');
    exportAudit(station.audit, station.key, file);
    const central = catd('central', 'verify-export', file, '--station', STATION_ID, '--data', centralDir);
    expect(central.code, central.out).toBe(1);
    expect(central.out).toContain('REESCRITA: la entrada 80');
  });

  it('an anchors file not signed by the central key is refused', async () => {
    const { centralDir, station } = await anchoredStation(5);
    const file = exportAnchors(centralDir);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { anchors: { anchors: Array<{ seq: number }> } };
    doc.anchors.anchors = [];
    fs.writeFileSync(file, JSON.stringify(doc));
    const r = catd('audit', 'verify', '--data', station.dataDir, '--anchors', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Anclas NO válidas');
  });
});

describe('verify-export needs the key from outside the export', () => {
  it('a re-signed export with its own .pub beside it is refused', async () => {
    const { centralDir, station } = await anchoredStation(12);
    const file = path.join(tempDir(), 'bitacora.jsonl');
    exportAudit(station.audit, station.key, file);
    // The attacker rewrites the export and signs it with a key of their own, .pub included.
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(0, 8);
    const forger = loadOrCreateStationKey(tempDir());
    const forgedDir = tempDir();
    const forged = path.join(forgedDir, 'bitacora.jsonl');
    fs.writeFileSync(forged, lines.join('\n') + '\n');
    const { signBytes } = await import('../../../electron/platform/signing');
    fs.writeFileSync(`${forged}.sig`, signBytes(forger, fs.readFileSync(forged)) + '\n');
    fs.writeFileSync(`${forged}.pub`, forger.publicKeyPem);

    const trusting = catd('audit', 'verify-export', forged);
    expect(trusting.code).toBe(2);
    expect(trusting.out).toContain('--pub');
    const stationPub = path.join(station.dataDir, 'keys', 'station-ed25519.pub');
    const checked = catd('audit', 'verify-export', forged, '--pub', stationPub);
    expect(checked.code).toBe(1);
    expect(checked.out).toContain('la firma no corresponde');
    const central = catd('central', 'verify-export', forged, '--station', STATION_ID, '--data', centralDir);
    expect(central.code).toBe(1);
    expect(central.out).toContain('la firma no corresponde');
    // The genuine export passes both.
    expect(catd('audit', 'verify-export', file, '--pub', stationPub).code).toBe(0);
    expect(catd('central', 'verify-export', file, '--station', STATION_ID, '--data', centralDir).code).toBe(
      0,
    );
  });
});
