// Training records reach only a training central, real ones only a real central: a real core
// (simulated scanner) driven over the renderer's RPC, and two real central processes, one real and
// one for training (`catd central --purpose training`). What is asserted is what each central
// acknowledged or refused, and that a refused central holds no image of the other kind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../../electron/app/core';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { CentralStore } from '../../../central/store';
import { cookieAs } from '../../helpers/procedures';
import { ActaFlow } from '../../helpers/acta-flow';
import { casillaKeys } from '../../helpers/casilla-keys';
import { spawnIntake, type IntakeProcess } from '../transmit/fixtures';

let real: IntakeProcess;
let practice: IntakeProcess;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-training-'));
const realDir = path.join(tmp, 'central-real');
const practiceDir = path.join(tmp, 'central-capacitacion');
const cores: Core[] = [];
const key = casillaKeys(3001);

beforeAll(async () => {
  [real, practice] = await Promise.all([
    spawnIntake(realDir),
    spawnIntake(practiceDir, { purpose: 'training' }),
  ]);
}, 60_000);
afterAll(async () => {
  for (const c of cores) await c.stop();
  await Promise.all([real?.proc.stop(), practice?.proc.stop()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * A station whose every link goes to `via` (its real links and its training links alike), enrolled
 * there both ways as `npm start` enrols: the test decides which central it reaches, the central
 * decides what it takes.
 */
async function station(name: string, training: boolean, via: { url: string; dir: string }) {
  const dataDir = path.join(tmp, name);
  fs.mkdirSync(dataDir);
  fs.writeFileSync(
    path.join(dataDir, 'config.json'),
    JSON.stringify({
      station: { id: `CATD-${name.toUpperCase()}`, name, catd: 'CATD prueba' },
      training: { only: training },
      transmit: { maxAttempts: 2 },
    }),
  );
  const core = await startCore({
    dataDir,
    port: 0,
    rendererDir: dataDir,
    logger: createMemoryLogger(),
    shell: { requestExit: () => undefined },
    simIntakeUrl: via.url,
    simIntakeData: via.dir,
    simTrainingIntakeUrl: via.url,
    simTrainingIntakeData: via.dir,
  });
  cores.push(core);
  const flow = new ActaFlow(core, await cookieAs(core, 'operador'), await cookieAs(core, 'supervisor'));
  return { core, flow, dataDir };
}

/** Blobs sealed and records kept by a central, read from its folder as `catd central` does. */
async function heldBy(dir: string, keyId: string) {
  const store = await CentralStore.open(dir);
  try {
    const blobs = fs.readdirSync(path.join(dir, 'blobs')).filter((f) => !f.startsWith('.'));
    const partials = fs.readdirSync(path.join(dir, 'partial'));
    return { records: (await store.records(keyId)).length, blobs: blobs.length + partials.length };
  } finally {
    await store.close();
  }
}

async function deadWith(core: Core, actaId: number): Promise<string | null> {
  for (let i = 0; i < 150; i++) {
    const dead = core.services.outbox.list('dead').find((e) => e.actaId === actaId);
    if (dead) return dead.lastError ?? null;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

describe('training and real records never cross', () => {
  it('a training-only station: the training central acknowledges its acta, signed as training', async () => {
    const { core, flow } = await station('cap', true, { url: practice.url, dir: practiceDir });
    expect((await flow.op('query', 'session.whoami')).station.training).toBe(true);
    const a = await flow.receive(key());
    await flow.queue(a.id);
    const done = await flow.until(a.id, 'acusada');
    expect(done.state).toBe('acusada');
    const entry = core.services.outbox.entryOfActa(a.id)!;
    expect(entry.signed.manifest.training).toBe(true);
    expect((await heldBy(practiceDir, a.keyId)).records).toBe(1);
    expect(await heldBy(realDir, a.keyId)).toEqual({ records: 0, blobs: 0 });
  }, 120_000);

  it('a training station pointed at the real central: refused before any image is sent', async () => {
    const blobsBefore = fs.readdirSync(path.join(realDir, 'blobs')).length;
    const { core, flow } = await station('cap-mal', true, { url: real.url, dir: realDir });
    const a = await flow.receive(key());
    await flow.queue(a.id);
    expect(await deadWith(core, a.id)).toBe('transmit.error.purpose_mismatch');
    expect((await heldBy(realDir, a.keyId)).records).toBe(0);
    expect(fs.readdirSync(path.join(realDir, 'blobs')).length).toBe(blobsBefore);
    expect((await flow.get(a.id)).state).not.toBe('acusada');
  }, 120_000);

  it('a real station pointed at the training central: refused there, delivered at the real one', async () => {
    const wrong = await station('real-mal', false, { url: practice.url, dir: practiceDir });
    const a = await wrong.flow.receive(key());
    await wrong.flow.queue(a.id);
    expect(await deadWith(wrong.core, a.id)).toBe('transmit.error.purpose_mismatch');
    expect((await heldBy(practiceDir, a.keyId)).records).toBe(0);

    const right = await station('real', false, { url: real.url, dir: realDir });
    const b = await right.flow.receive(key());
    await right.flow.queue(b.id);
    expect((await right.flow.until(b.id, 'acusada')).state).toBe('acusada');
    expect(right.core.services.outbox.entryOfActa(b.id)!.signed.manifest.training).toBeUndefined();
    expect((await heldBy(realDir, b.keyId)).records).toBe(1);
  }, 120_000);
});
