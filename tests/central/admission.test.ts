// Admission at an intake node (central/admission.ts): past its limit a node turns a new acta's
// first request away at once with 503 busy and when to come back, and the stations wait as told.
// The join: real stations (their own transmitters and outboxes) against a real central with a
// small limit; every acta arrives exactly once and none is dead-lettered by busy answers.
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  admissionLimits,
  BUSY_RETRY_MAX_MS,
  BUSY_PER_ADMITTED,
  BUSY_RETRY_MIN_MS,
  ANSWER_TARGET_MS,
  DEFAULT_ADMIT,
  IntakeAdmission,
  MIN_START_AT,
} from '../../central/admission';
import { startIntakeServer } from '../../central/server';
import {
  INTAKE_HEALTH_PATH,
  INTAKE_MANIFESTS_PATH,
  INTAKE_MISSING_PATH,
  IntakeErrorSchema,
} from '../../shared/intake';
import { tempDir } from '../helpers/temp';
import { holdAdmissionPlaces } from '../helpers/hold-admission';
import { makeActa, openStationSide, startTransmitter } from '../electron/transmit/fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('CATD_INTAKE_ADMIT', () => {
  it('is on by default, can be turned off, and refuses a value it cannot use, saying what it got', () => {
    expect(admissionLimits(undefined)).toEqual({ startAt: DEFAULT_ADMIT, ceiling: 4 * DEFAULT_ADMIT });
    expect(admissionLimits('16')).toEqual({ startAt: 16, ceiling: 64 });
    expect(admissionLimits('off')).toBeNull();
    for (const bad of ['0', '3', '5000', 'muchas', '2.5'])
      expect(() => admissionLimits(bad)).toThrow(
        `CATD_INTAKE_ADMIT debe ser «off» o un entero de 4 a 4096 (recibido: «${bad}»)`,
      );
  });

  it('stops `catd central` with one line and exit code 2 when the value is wrong', () => {
    const data = tempDir('catd-admit-');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'central/main.ts', '--port', '0', '--data', data],
      {
        env: { ...process.env, CATD_INTAKE_ADMIT: 'muchas' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      'catd: CATD_INTAKE_ADMIT debe ser «off» o un entero de 4 a 4096 (recibido: «muchas»)',
    );
  });
});

it('`catd central` tells its operator the limit it runs with', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'central/main.ts', '--port', '0', '--data', tempDir('catd-admit-')],
    { env: { ...process.env, CATD_INTAKE_ADMIT: '16' } },
  );
  cleanups.push(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  await expect.poll(() => out, { timeout: 30_000 }).toContain('Admisión:');
  expect(out).toContain(
    'Admisión: hasta 16 solicitudes a la vez antes de pedir a las estaciones que esperen (CATD_INTAKE_ADMIT; menos mientras los manifiestos tarden más de 250 ms)',
  );
});

describe('a node at its limit', () => {
  it('turns new actas away first, lets work under way finish, and frees a place when an answer is done', () => {
    const a = new IntakeAdmission({ startAt: 2, ceiling: 3 });
    const first = a.tryAdmit('start')!;
    a.tryAdmit('start')!;
    expect(a.tryAdmit('start')).toBeNull();
    const going = a.tryAdmit('continue');
    expect(going).not.toBeNull();
    expect(a.tryAdmit('continue')).toBeNull();
    first();
    first(); // a second release of the same request frees nothing more
    expect(a.inProgress).toBe(2);
    expect(a.tryAdmit('continue')).not.toBeNull();
    expect(a.busyAnswers).toEqual({ start: 1, continue: 1 });
  });

  it('asks the turned-away to wait longer while many more are turned away than let in, and less when none are', () => {
    let t = 0;
    const a = new IntakeAdmission({ startAt: 1, ceiling: 4 }, () => t);
    expect(a.retryAfterMs()).toBe(BUSY_RETRY_MIN_MS);
    /** One second of traffic: 10 actas let in, `away` turned away for each. */
    const second = (away: number) => {
      for (let i = 0; i < 10; i++) {
        const hold = a.tryAdmit('start')!;
        for (let k = 0; k < away; k++) a.tryAdmit('start');
        hold();
      }
      t += 1000;
      return a.retryAfterMs();
    };
    const waits = Array.from({ length: 4 }, () => second(BUSY_PER_ADMITTED * 4));
    waits.forEach((w, i) => i > 0 && expect(w).toBeGreaterThan(waits[i - 1]!));
    for (let s = 0; s < 20; s++) second(40);
    expect(a.retryAfterMs()).toBe(BUSY_RETRY_MAX_MS);
    // About as many turned away as the aim: the wait holds.
    const held = Array.from({ length: 20 }, () => second(BUSY_PER_ADMITTED)).slice(-3);
    expect(Math.max(...held) / Math.min(...held)).toBeLessThan(1.5);
    for (let s = 0; s < 20; s++) second(0);
    expect(a.retryAfterMs()).toBe(BUSY_RETRY_MIN_MS);
  });
});

describe('a node whose manifests slow down', () => {
  /** How many new actas the node lets in at once, asked the way a station finds out: until busy. */
  const startsTaken = (a: IntakeAdmission) => {
    const held: Array<() => void> = [];
    for (let r = a.tryAdmit('start'); r; r = a.tryAdmit('start')) held.push(r);
    held.forEach((r) => r());
    return held.length;
  };

  it('lets fewer new actas in while its manifests take longer than the target, and as many as configured once they are quick again', () => {
    let t = 0;
    const a = new IntakeAdmission({ startAt: 32, ceiling: 128 }, () => t);
    /** One second: 20 manifests answered in `ms` each, and new actas turned away (demand). */
    const second = (ms: number) => {
      const answering = Array.from({ length: 20 }, () => a.tryAdmit('continue')!);
      t += ms;
      answering.forEach((done) => {
        a.recordAnswer(ms);
        done();
      });
      startsTaken(a);
      t += 1000;
    };
    expect(startsTaken(a)).toBe(32);
    const shrinking: number[] = [];
    for (let s = 0; s < 12; s++) {
      second(ANSWER_TARGET_MS * 3);
      shrinking.push(startsTaken(a));
    }
    expect(shrinking[0]).toBeLessThan(32);
    expect(shrinking.at(-1)).toBe(MIN_START_AT);
    // Work under way still gets in up to the ceiling: a node that slows down finishes what it began.
    const held = Array.from({ length: 100 }, () => a.tryAdmit('continue'));
    expect(held.every(Boolean)).toBe(true);
    held.forEach((r) => r!());
    const growing: number[] = [];
    for (let s = 0; s < 20; s++) {
      second(ANSWER_TARGET_MS / 5);
      growing.push(startsTaken(a));
    }
    growing.forEach((n, i) => i > 0 && expect(n).toBeGreaterThanOrEqual(growing[i - 1]!));
    expect(growing.at(-1)).toBe(32);
  });

  it('judges a node that answers fewer than 8 manifests a second, once it has 8 from the last few seconds', () => {
    let t = 0;
    const a = new IntakeAdmission({ startAt: 16, ceiling: 64 }, () => t);
    const limits: number[] = [];
    // Three slow manifests a second (each 400 ms, over the 250 ms target).
    for (let s = 0; s < 4; s++) {
      for (let i = 0; i < 3; i++) {
        const m = a.tryAdmit('continue')!;
        a.recordAnswer(400);
        m();
      }
      t += 1000;
      limits.push(startsTaken(a));
    }
    expect(limits.slice(0, 2)).toEqual([16, 16]);
    expect(limits.at(-1)).toBeLessThan(16);
  });

  it('is not steered by a quiet second, or by quick answers nobody was turned away for', () => {
    let t = 0;
    const a = new IntakeAdmission({ startAt: 16, ceiling: 64 }, () => t);
    // Two slow manifests in a second: too few to judge.
    for (let i = 0; i < 2; i++) {
      const m = a.tryAdmit('continue')!;
      t += 5_000;
      a.recordAnswer(5_000);
      m();
    }
    t += 1000;
    expect(startsTaken(a)).toBe(16);
  });
});

/** A station enrolled at the central with `count` one-page actas in its outbox, closed after the test. */
function stationWithActas(centralDir: string, id: string, count: number, firstSeed: number) {
  const side = openStationSide(tempDir('catd-station-'), centralDir, undefined, id);
  cleanups.push(() => side.close());
  for (let n = 0; n < count; n++) {
    const r = side.outbox.enqueue({ ...makeActa(side.dataDir, firstSeed + n, 4 * 1024, 1), stationId: id });
    if (!r.ok) throw new Error(r.error.messageKey);
  }
  return side;
}

/** A raw request, to see the answer as any HTTP client would. */
function post(
  url: string,
  path: string,
  body: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${path}`,
      { method: path === INTAKE_HEALTH_PATH ? 'GET' : 'POST' },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('stations and a busy central', () => {
  it('answers busy at once (503, Retry-After, nothing read), but always answers its health', async () => {
    const centralDir = tempDir('catd-central-');
    const intake = await startIntakeServer({
      ports: [0],
      dataDir: centralDir,
      admission: { startAt: 4, ceiling: 16 },
    });
    cleanups.push(() => intake.close());
    const station = openStationSide(tempDir('catd-station-'), centralDir);
    cleanups.push(() => station.close());
    // Four signed requests whose bodies never finish arriving hold the node's four places.
    const held = holdAdmissionPlaces(intake.urls[0]!, station.signer, 4);
    cleanups.push(() => held.forEach((r) => r.destroy()));
    await expect.poll(() => post(intake.urls[0]!, INTAKE_MISSING_PATH, '{}').then((r) => r.status)).toBe(503);
    const busy = await post(intake.urls[0]!, INTAKE_MISSING_PATH, '{"sha256":[]}');
    const e = IntakeErrorSchema.parse(JSON.parse(busy.body));
    expect(e.error).toBe('busy');
    expect(e.retryAfterMs).toBeGreaterThanOrEqual(BUSY_RETRY_MIN_MS);
    expect(Number(busy.headers['retry-after'])).toBe(Math.ceil(e.retryAfterMs! / 1000));
    expect((await post(intake.urls[0]!, INTAKE_HEALTH_PATH, '')).status).toBe(200);
    expect(intake.busyAnswers()!.start).toBeGreaterThanOrEqual(2);
  });

  it('delivers every acta exactly once when most first tries are turned away, spending no attempt on them', async () => {
    const centralDir = tempDir('catd-central-');
    // Each manifest held 150 ms: requests pile up at the node as on a night's peak.
    const intake = await startIntakeServer({
      ports: [0],
      dataDir: centralDir,
      admission: { startAt: 2, ceiling: 8 },
      commitDelayMs: 150,
    });
    cleanups.push(() => intake.close());
    const stations = Array.from({ length: 5 }, (_, s) => {
      const id = `CATD-ADM-0${s + 1}`;
      const side = openStationSide(tempDir('catd-station-'), centralDir, undefined, id);
      cleanups.push(() => side.close());
      for (let n = 0; n < 4; n++) {
        const r = side.outbox.enqueue({ ...makeActa(side.dataDir, s * 10 + n, 8 * 1024, 1), stationId: id });
        if (!r.ok) throw new Error(r.error.messageKey);
      }
      // Two attempts at most: a busy answer must neither dead-letter an acta nor count as its try.
      const { tx, events } = startTransmitter(
        side,
        { primary: intake.urls[0]!, backup: 'http://127.0.0.1:1' },
        { maxAttempts: 2 },
        undefined,
        id,
      );
      cleanups.push(() => tx.stop());
      return { side, events };
    });
    await expect
      .poll(() => stations.map((s) => s.side.outbox.counts()), { timeout: 60_000, interval: 200 })
      .toEqual(stations.map(() => ({ pending: 0, dead: 0, delivered: 4 })));
    const delivered = await intake.store.delivered();
    expect(delivered).toHaveLength(20);
    expect(new Set(delivered.map((d) => d.actaKey)).size).toBe(20);
    const busyPerActa = new Map<string, number>();
    for (const { events } of stations)
      for (const e of events) {
        if (e.type === 'switch' && e.reason !== 'start')
          throw new Error(`busy moved a station off its link: ${e.reason}`);
        if (e.type === 'failed') {
          expect(e.error).toBe('transmit.error.busy');
          busyPerActa.set(e.actaKey, (busyPerActa.get(e.actaKey) ?? 0) + 1);
        }
      }
    expect(Math.max(...busyPerActa.values())).toBeGreaterThanOrEqual(2);
    // What the supervisor's console shows for each acta: one attempt, the one that delivered it.
    for (const { side } of stations)
      expect(side.outbox.list('delivered').map((e) => e.attempts)).toEqual([1, 1, 1, 1]);
    expect(intake.busyAnswers()!.start).toBeGreaterThan(0);
  }, 90_000);

  it('lets fewer actas in while its commits are slow, and still receives every one exactly once', async () => {
    const centralDir = tempDir('catd-central-');
    // Each manifest held 400 ms: over the 250 ms target, as on a database that cannot keep up.
    const intake = await startIntakeServer({
      ports: [0],
      dataDir: centralDir,
      admission: { startAt: 16, ceiling: 64 },
      commitDelayMs: 400,
    });
    cleanups.push(() => intake.close());
    const stations = Array.from({ length: 10 }, (_, s) => {
      const id = `CATD-SLW-${String(s + 1).padStart(2, '0')}`;
      const side = stationWithActas(centralDir, id, 5, s * 10);
      const { tx } = startTransmitter(
        side,
        { primary: intake.urls[0]!, backup: 'http://127.0.0.1:1' },
        {},
        undefined,
        id,
      );
      cleanups.push(() => tx.stop());
      return side;
    });
    let lowest = 16;
    await expect
      .poll(
        () => {
          lowest = Math.min(lowest, intake.startLimit()!);
          return stations.map((s) => s.outbox.counts());
        },
        { timeout: 60_000, interval: 100 },
      )
      .toEqual(stations.map(() => ({ pending: 0, dead: 0, delivered: 5 })));
    expect(lowest).toBeLessThan(16);
    const delivered = await intake.store.delivered();
    expect(new Set(delivered.map((d) => d.actaKey)).size).toBe(50);
    expect(delivered).toHaveLength(50);
  }, 90_000);

  it('is not pulled down by clients that trickle manifest bodies: only the node’s own work is timed', async () => {
    const centralDir = tempDir('catd-central-');
    const intake = await startIntakeServer({
      ports: [0],
      dataDir: centralDir,
      admission: { startAt: 16, ceiling: 64 },
    });
    cleanups.push(() => intake.close());
    const side = stationWithActas(centralDir, 'CATD-TRK-01', 30, 0);
    // Twelve at a time, for three seconds: manifests whose 2 KB arrive over 600 ms each.
    const trickledBody = Buffer.alloc(2048, 0x20);
    const trickled: Array<Promise<void>> = [];
    const until = performance.now() + 3_000;
    const trickle = async (): Promise<void> => {
      while (performance.now() < until) {
        await new Promise<void>((resolve) => {
          // Signed by an enrolled station (a faulty one, or one on a very slow link): the node
          // reads the whole body before it can judge it.
          const req = http.request(`${intake.urls[0]}${INTAKE_MANIFESTS_PATH}`, {
            method: 'POST',
            headers: {
              ...side.signer.headers('POST', INTAKE_MANIFESTS_PATH, trickledBody),
              'content-type': 'application/json',
              'content-length': String(trickledBody.length),
            },
          });
          req.on('response', (res) => res.resume().on('end', resolve));
          req.on('error', () => resolve());
          let sent = 0;
          const timer = setInterval(() => {
            req.write(Buffer.alloc(256, 0x20));
            if ((sent += 256) >= 2048) {
              clearInterval(timer);
              req.end();
            }
          }, 75);
        });
      }
    };
    for (let i = 0; i < 12; i++) trickled.push(trickle());
    const { tx } = startTransmitter(
      side,
      { primary: intake.urls[0]!, backup: 'http://127.0.0.1:1' },
      {},
      undefined,
      'CATD-TRK-01',
    );
    cleanups.push(() => tx.stop());
    let lowest = 16;
    const watch = setInterval(() => (lowest = Math.min(lowest, intake.startLimit()!)), 50);
    await Promise.all(trickled);
    await expect
      .poll(() => side.outbox.counts(), { timeout: 30_000, interval: 100 })
      .toEqual({ pending: 0, dead: 0, delivered: 30 });
    clearInterval(watch);
    expect(lowest).toBe(16);
  }, 60_000);
});
