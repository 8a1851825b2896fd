// A private PostgreSQL 15 cluster for the central's suites: initdb in a temp folder, a free port,
// pg_ctl. PostgreSQL refuses to run as root (tests here run as root), so the server runs as the
// `postgres` OS user through runuser when we are root, as ourselves otherwise. Trust auth on
// 127.0.0.1 only. One cluster per test file (started in beforeAll, ~1.5 s), one database per test
// (CREATE DATABASE, ~0.1 s). fsync stays on: the failover tests count on committed meaning durable.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const PG_BIN = process.env.CATD_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PG_USER = 'postgres';

/** Whether the PostgreSQL binaries are on this machine (the engine matrix skips PG otherwise). */
export function postgresAvailable(): boolean {
  return fs.existsSync(path.join(PG_BIN, 'initdb')) && fs.existsSync(path.join(PG_BIN, 'pg_ctl'));
}

const asRoot = process.getuid?.() === 0;

/** A PostgreSQL binary's command line, run as the cluster's owner. */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  const file = path.join(PG_BIN, bin);
  return asRoot ? ['runuser', ['-u', PG_USER, '--', file, ...args]] : [file, args];
}

/** Runs a PostgreSQL binary as the cluster's owner. */
function pgRun(bin: string, args: string[], opts: { timeoutMs?: number } = {}): string {
  const [cmd, argv] = pgCommand(bin, args);
  return execFileSync(cmd, argv, { encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, stdio: 'pipe' });
}

/**
 * pgRun without blocking this process: a bench that fails the cluster over mid-night must not
 * freeze the stations it simulates while pg_ctl waits.
 */
async function pgRunAsync(bin: string, args: string[]): Promise<void> {
  const [cmd, argv] = pgCommand(bin, args);
  await promisify(execFile)(cmd, argv, { timeout: 60_000 });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PgNode {
  dir: string;
  port: number;
  /** postgres://…/dbname on this node. */
  url(database?: string): string;
  stop(mode?: 'fast' | 'immediate'): void;
  /** stop, without blocking the event loop. */
  stopAsync(mode: 'fast' | 'immediate'): Promise<void>;
  start(): void;
  isUp(): boolean;
}

function node(dir: string, port: number): PgNode {
  const dataDir = path.join(dir, 'data');
  const start = () => {
    pgRun('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
  };
  return {
    dir,
    port,
    url: (database = 'postgres') => `postgres://${PG_USER}@127.0.0.1:${port}/${database}`,
    start,
    stop: (mode = 'fast') => {
      try {
        pgRun('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
      } catch {
        /* already stopped */
      }
    },
    stopAsync: (mode) => pgRunAsync('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']).catch(() => {}),
    isUp: () =>
      spawnSync(path.join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status === 0,
  };
}

/** A folder the cluster's OS user owns. */
function ownedTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (asRoot) execFileSync('chown', [PG_USER, dir]);
  return dir;
}

export interface PgCluster {
  primary: PgNode;
  /** A fresh, empty database on the primary: its URL. */
  freshDatabase(): Promise<string>;
  /**
   * A streaming replica of the primary, made with pg_basebackup (-R writes its standby settings)
   * and started. Synchronous: the primary then acknowledges a commit only once the replica has
   * it on disk, so a receipt the central signed survives the primary's loss.
   */
  addReplica(o?: { synchronous?: boolean }): Promise<PgNode>;
  /** Promotes a replica to primary (pg_ctl promote) and waits until it takes writes. */
  promote(replica: PgNode): Promise<void>;
  close(): void;
}

export async function startPgCluster(): Promise<PgCluster> {
  const root = ownedTempDir('catd-pg-');
  const primary = node(root, await freePort());
  pgRun('initdb', ['-D', path.join(root, 'data'), '-A', 'trust', '-U', PG_USER, '-E', 'UTF8', '--no-sync']);
  // Replication from 127.0.0.1 for pg_basebackup and the standby; WAL kept for a replica to catch up.
  fs.appendFileSync(path.join(root, 'data', 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
  fs.appendFileSync(
    path.join(root, 'data', 'postgresql.conf'),
    'wal_level = replica\nmax_wal_senders = 5\nwal_keep_size = 64MB\nmax_connections = 100\nshared_buffers = 32MB\n',
  );
  primary.start();
  const nodes: PgNode[] = [primary];
  let n = 0;
  const close = () => {
    process.off('exit', close);
    for (const x of nodes.splice(0)) {
      x.stop('immediate');
      fs.rmSync(x.dir, { recursive: true, force: true });
    }
  };
  // A worker that dies before its afterAll must not leave servers running (pg_ctl is synchronous).
  process.on('exit', close);
  return {
    primary,
    freshDatabase: async () => {
      const name = `central_${process.pid}_${++n}`;
      const c = new pg.Client({ connectionString: primary.url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return primary.url(name);
    },
    addReplica: async ({ synchronous = false } = {}) => {
      const dir = ownedTempDir('catd-pg-replica-');
      const replica = node(dir, await freePort());
      pgRun('pg_basebackup', [
        '-h',
        '127.0.0.1',
        '-p',
        String(primary.port),
        '-U',
        PG_USER,
        '-D',
        path.join(dir, 'data'),
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
      ]);
      replica.start();
      nodes.push(replica);
      // Set on the primary only after the copy: the promoted replica must not wait for a standby.
      const c = new pg.Client({ connectionString: primary.url() });
      await c.connect();
      try {
        if (synchronous) {
          await c.query(`ALTER SYSTEM SET synchronous_standby_names = '*'`);
          await c.query('SELECT pg_reload_conf()');
        }
        for (let i = 0; i < 200; i++) {
          const r = await c.query<{ state: string }>('SELECT sync_state AS state FROM pg_stat_replication');
          if (r.rows[0] && (!synchronous || r.rows[0].state === 'sync')) return replica;
          await new Promise((res) => setTimeout(res, 100));
        }
        throw new Error('the replica did not start streaming');
      } finally {
        await c.end();
      }
    },
    promote: async (replica) => {
      await pgRunAsync('pg_ctl', ['-D', path.join(replica.dir, 'data'), '-w', 'promote']);
      const c = new pg.Client({ connectionString: replica.url() });
      await c.connect();
      try {
        for (let i = 0; i < 100; i++) {
          const r = await c.query<{ rec: boolean }>('SELECT pg_is_in_recovery() AS rec');
          if (!r.rows[0]!.rec) return;
          await new Promise((res) => setTimeout(res, 100));
        }
        throw new Error('the replica did not leave recovery');
      } finally {
        await c.end();
      }
    },
    close,
  };
}
