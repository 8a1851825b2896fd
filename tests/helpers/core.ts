// Starts a real core (in this process) beside a real reference intake server, on free ports.
import fs from 'node:fs';
import path from 'node:path';
import { startCore, type Core } from '../../electron/app/core';
import { startIntakeServer, type IntakeServer } from '../../central/server';
import type { Clock } from '../../electron/platform/clock';
import { createMemoryLogger } from '../../electron/platform/logger';
import os from 'node:os';
import { AUTH_PATH, SESSION_COOKIE } from '../../shared/rpc';

export interface TestStation {
  core: Core;
  intake: IntakeServer;
  dataDir: string;
  log: ReturnType<typeof createMemoryLogger>;
  /** Exit codes the core asked its shell for (a supervisor-approved kiosk exit). */
  exits: number[];
  /** Versions the core asked its shell to download and verify (only with `shellUpdates`). */
  installs: string[];
  /** Versions the core told its shell to install now (approved, verified, nothing in progress). */
  applies: string[];
  stop(): Promise<void>;
}

export async function startTestStation(
  opts: {
    rendererDir?: string;
    clock?: Clock;
    shellUpdates?: boolean;
    /** Put the station's data here (e.g. on a small mounted file system); stop() empties it. */
    dataDir?: string;
    /** Written as the station's config.json before the start. */
    config?: Record<string, unknown>;
    /** Enrol the station at the intake both ways, as `npm start` does: actas are delivered. */
    enrolled?: boolean;
  } = {},
): Promise<TestStation> {
  // Not tempDir(): a station started in beforeAll must outlive each test; stop() removes these.
  const made = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));
  const dataDir = opts.dataDir ?? made('catd-station-');
  if (opts.config) fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(opts.config));
  const intake = await startIntakeServer({ ports: [0] });
  const log = createMemoryLogger();
  const rendererDir = opts.rendererDir ?? made('catd-renderer-');
  if (!opts.rendererDir) {
    fs.writeFileSync(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><title>t</title><div id="root"></div>',
    );
  }
  const exits: number[] = [];
  const installs: string[] = [];
  const applies: string[] = [];
  const core = await startCore({
    shell: {
      requestExit: (code) => exits.push(code),
      ...(opts.shellUpdates
        ? { installUpdate: (v: string) => installs.push(v), applyUpdate: (v: string) => applies.push(v) }
        : {}),
    },
    dataDir,
    port: 0,
    rendererDir,
    simIntakeUrl: intake.urls[0],
    ...(opts.enrolled ? { simIntakeData: intake.dataDir } : {}),
    logger: log,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  return {
    core,
    intake,
    dataDir,
    log,
    exits,
    installs,
    applies,
    stop: async () => {
      await core.stop();
      await intake.close();
      if (opts.dataDir) {
        // A given folder may be a mount point: empty it, keep it.
        for (const f of fs.readdirSync(dataDir))
          fs.rmSync(path.join(dataDir, f), { recursive: true, force: true });
      } else fs.rmSync(dataDir, { recursive: true, force: true });
      if (!opts.rendererDir) fs.rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}

/** Exchanges a fresh launch token for a session cookie, as the shell or the UI: line does. */
export async function sessionCookie(core: Core): Promise<string> {
  const res = await fetch(`${core.origin}${AUTH_PATH}?token=${core.mintLaunchToken()}`, {
    redirect: 'manual',
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const m = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(setCookie);
  if (res.status !== 303 || !m) throw new Error(`token exchange failed: ${res.status}`);
  return `${SESSION_COOKIE}=${m[1]}`;
}

/** Calls a tRPC procedure over HTTP the way the renderer does. */
export async function rpc(
  core: Core,
  cookie: string | null,
  kind: 'query' | 'mutation',
  procedure: string,
  input?: unknown,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  const url =
    kind === 'query'
      ? `${core.origin}/trpc/${procedure}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
      : `${core.origin}/trpc/${procedure}`;
  const res = await fetch(url, {
    method: kind === 'query' ? 'GET' : 'POST',
    headers,
    ...(kind === 'mutation' ? { body: JSON.stringify(input ?? null) } : {}),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body };
}

/** A clock running with real time plus an offset the test moves forward (inactivity, lifetimes). */
export function offsetClock(): { clock: Clock; advance(ms: number): void } {
  let offsetMs = 0;
  return {
    clock: {
      now: () => new Date(Date.now() + offsetMs),
      monotonicMs: () => performance.now() + offsetMs,
      utcOffsetMinutes: () => -360,
    },
    advance: (ms) => (offsetMs += ms),
  };
}

/**
 * Accounts written straight into the store, as an older version (or the CLI) left them: no PIN
 * rule is applied, so a test can have the 4-digit supervisor of before the rule.
 */
export function addAccounts(
  core: Core,
  accounts: Array<{ id: string; role: 'operador' | 'supervisor'; pin: string; name?: string }>,
): void {
  for (const a of accounts) core.services.operators.create({ name: a.name ?? a.id, ...a }, 'test');
}
