// Tables owned: schema_migrations (on PostgreSQL; on SQLite the platform's helper keeps it).
// The central's one storage layer over two engines: SQLite (better-sqlite3, a file in the data
// folder: what `npm start`, the pilot and most tests use, no server) and PostgreSQL (`pg`: what
// several intake nodes share in production). Every query of the central is written once, in the
// SQL both engines speak (`?` placeholders, `INSERT … ON CONFLICT`, `CAST(? AS TEXT)` where
// PostgreSQL must know a parameter's type); only the migrations differ, by column types.
// docs/central-storage.md says why this and not one embedded PostgreSQL.
import pg from 'pg';
import { beginWithLocks, type TxLocks } from './pg-locks';

export type { TxLocks } from './pg-locks';
import { openDatabase, MigrationError, type Migration } from '../electron/platform/sqlite';
import { SqliteDb } from './sqlite-db';

export type SqlValue = string | number | null;
export type CentralEngine = 'sqlite' | 'postgres';

/** Queries, inside or outside a transaction. */
export interface Sql {
  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** Runs a statement; how many rows it changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
}

/** A statement and its values. */
export interface SqlStatement {
  sql: string;
  params: SqlValue[];
}

/** Queries inside a transaction. */
export interface TxSql extends Sql {
  /**
   * The transaction's last statement, and its commit: on PostgreSQL in one round trip (the
   * statement with its values written in as literals, then COMMIT, one simple-protocol query).
   * No write may follow it; a read after it sees what is committed (outside the transaction).
   */
  runAndCommit(sql: string, params?: SqlValue[]): Promise<number>;
}

export interface CentralDb extends Sql {
  readonly engine: CentralEngine;
  /**
   * One transaction, as if no other writer ran meanwhile (any process, any node): SQLite takes
   * the write lock up front (BEGIN IMMEDIATE); PostgreSQL runs it SERIALIZABLE and retries it
   * when the server says another transaction got in the way, so `fn` may run more than once and
   * must only touch the database.
   * With `locks`, PostgreSQL instead takes those keys first (transaction advisory locks, in the
   * same round trip as BEGIN) and runs READ COMMITTED: each statement then sees everything
   * committed before it, and counters add up under their row locks instead of aborting one of
   * two commits that touch the same row (at national scale, over half the receipts' commits were
   * run twice). The caller must name every key a concurrent writer of the same rows takes.
   * `first`: statements run at the transaction's start, under its locks; `fn` gets their rows. On
   * PostgreSQL they go with BEGIN and the locks, in one round trip (a receipt's commit took five
   * round trips, the intake node's largest cost: each a system call at both ends).
   */
  tx<T>(
    fn: (q: TxSql, first: unknown[][]) => Promise<T>,
    locks?: TxLocks,
    first?: SqlStatement[],
  ): Promise<T>;
  /**
   * Statements (each its own transaction) whose commit does not wait for the disk: SQLite
   * synchronous=NORMAL for them, PostgreSQL synchronous_commit=off. Only for writes a power cut
   * may forget without harm (request nonces, a claim's lease, the latest heartbeat, a blob's row):
   * the log is written in order, so a later durable commit (a receipt) reaches the disk, and the
   * synchronous replica, with everything committed before it.
   */
  readonly unwaited: Sql;
  close(): Promise<void>;
}

/** SQLSTATEs after which a serializable transaction is simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TX_ATTEMPTS = 30;
/**
 * Connections one node keeps to PostgreSQL in each of its two pools (intake nodes × 2 × this ≤ the
 * server's max_connections). CATD_PG_POOL overrides it (1–64), for a server with more or fewer cores.
 */
export function pgPoolSize(raw = process.env.CATD_PG_POOL): number {
  if (raw === undefined || raw === '') return 8;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`CATD_PG_POOL debe ser un entero de 1 a 64 (recibido: «${raw}»)`);
  return n;
}
/** A connection that cannot be made this fast fails the request (the station retries). */
export const PG_CONNECT_TIMEOUT_MS = 5_000;

/**
 * `?` → each value as a literal, for the statements sent by the simple protocol (tx's `first` and
 * runAndCommit): strings through the driver's escaping, numbers as numbers, null as NULL.
 */
export function pgInline(sql: string, params: SqlValue[]): string {
  let n = 0;
  const text = sql.replace(/\?/g, () => {
    if (n >= params.length) throw new Error(`faltan valores para la consulta: ${sql}`);
    const v = params[n++]!;
    if (v === null) return 'NULL';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`valor no finito en la consulta: ${sql}`);
      return `(${v})`;
    }
    return pg.escapeLiteral(v);
  });
  if (n !== params.length) throw new Error(`sobran valores para la consulta: ${sql}`);
  return text;
}

/** `?` → `$1, $2, …` (the central's SQL has no `?` inside literals). */
export function pgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

// Counts and sums come back as int8/numeric text; every such value here is far below 2^53.
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 || oid === 1700
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Every statement of the central as a named (prepared) statement: each connection parses and
 * plans it once, then only binds and executes (the intake's statements are few and run thousands
 * of times a minute). The name is the statement's number in this process.
 */
const prepared = new Map<string, pg.QueryConfig>();

function statement(sql: string, values: SqlValue[]): pg.QueryConfig<SqlValue[]> {
  let q = prepared.get(sql);
  if (!q) {
    q = { name: `catd_${prepared.size + 1}`, text: pgPlaceholders(sql) };
    prepared.set(sql, q);
  }
  return { ...q, values };
}

function pgSql(c: pg.Pool | pg.PoolClient): Sql {
  return {
    get: async <T>(sql: string, params: SqlValue[] = []) =>
      (await c.query(statement(sql, params))).rows[0] as T | undefined,
    all: async <T>(sql: string, params: SqlValue[] = []) =>
      (await c.query(statement(sql, params))).rows as T[],
    run: async (sql: string, params: SqlValue[] = []) =>
      (await c.query(statement(sql, params))).rowCount ?? 0,
  };
}

/** Errors that mean "this server is gone or no longer the primary", not "this query is wrong". */
export function isConnectionLoss(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e.code && (/^08/.test(e.code) || ['57P01', '57P02', '57P03', '25006'].includes(e.code))) return true;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(e.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    e.message ?? '',
  );
}

class PostgresDb implements CentralDb {
  readonly engine = 'postgres' as const;
  private pool: pg.Pool;
  private url: string;
  private switching: Promise<void> | null = null;
  private closed = false;

  /**
   * `urls`: the primary first, then its replicas. When the server in use is lost, the node looks
   * for the one that takes writes (a replica once it is promoted) and moves its pool there; the
   * request that saw the loss fails (the station retries it), the next ones go to the new primary.
   */
  constructor(
    private readonly urls: string[],
    private readonly config: pg.PoolConfig,
  ) {
    this.url = urls[0]!;
    this.pool = this.makePool(this.url);
  }

  /** Connections with synchronous_commit=off, for `unwaited` (opened on first use). */
  private unwaitedPool: pg.Pool | null = null;

  readonly unwaited: Sql = {
    get: (sql, params) => this.guarded(() => pgSql(this.lazyPool()).get(sql, params)),
    all: (sql, params) => this.guarded(() => pgSql(this.lazyPool()).all(sql, params)),
    run: (sql, params) => this.guarded(() => pgSql(this.lazyPool()).run(sql, params)),
  };

  private lazyPool(): pg.Pool {
    this.unwaitedPool ??= this.makePool(this.url, { options: '-c synchronous_commit=off' });
    return this.unwaitedPool;
  }

  private makePool(url: string, extra: pg.PoolConfig = {}): pg.Pool {
    const pool = new pg.Pool({ ...this.config, ...extra, connectionString: url });
    // A connection dropped while idle (server restarted, failover): the pool forgets it and the
    // next query opens a new one. Without a listener the process would die of it.
    pool.on('error', () => {});
    // The same for a connection checked out by a transaction when its server dies (a primary
    // killed under load): the query in flight fails (the station retries), the process lives on.
    pool.on('connect', (client) => client.on('error', () => {}));
    return pool;
  }

  get currentPool(): pg.Pool {
    return this.pool;
  }

  /** The listed server that answers and is not in recovery, if any. */
  private async primaryUrl(): Promise<string | null> {
    for (const url of this.urls) {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS });
      c.on('error', () => {});
      try {
        await c.connect();
        const r = await c.query<{ rec: boolean }>('SELECT pg_is_in_recovery() AS rec');
        if (!r.rows[0]!.rec) return url;
      } catch {
        /* down: try the next */
      } finally {
        await c.end().catch(() => {});
      }
    }
    return null;
  }

  /** Moves the pool to the primary (once, however many requests saw the loss). */
  findPrimary(): Promise<void> {
    this.switching ??= (async () => {
      const url = await this.primaryUrl();
      if (!url || url === this.url || this.closed) return;
      const old = [this.pool, this.unwaitedPool];
      this.url = url;
      this.pool = this.makePool(url);
      this.unwaitedPool = null;
      for (const p of old) void p?.end().catch(() => {});
    })().finally(() => {
      this.switching = null;
    });
    return this.switching;
  }

  private async guarded<T>(f: (pool: pg.Pool) => Promise<T>): Promise<T> {
    try {
      return await f(this.pool);
    } catch (err) {
      if (this.urls.length > 1 && isConnectionLoss(err)) void this.findPrimary();
      throw err;
    }
  }

  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined> {
    return this.guarded((p) => pgSql(p).get<T>(sql, params));
  }
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]> {
    return this.guarded((p) => pgSql(p).all<T>(sql, params));
  }
  run(sql: string, params?: SqlValue[]): Promise<number> {
    return this.guarded((p) => pgSql(p).run(sql, params));
  }

  tx<T>(
    fn: (q: TxSql, first: unknown[][]) => Promise<T>,
    locks?: TxLocks,
    first: SqlStatement[] = [],
  ): Promise<T> {
    const begin = locks ? beginWithLocks(locks) : 'BEGIN ISOLATION LEVEL SERIALIZABLE';
    const opening = [begin, ...first.map((s) => pgInline(s.sql, s.params))].join('; ');
    return this.guarded(async (pool) => {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken = false;
        let committed = false;
        try {
          const opened = (await client.query(opening)) as unknown as pg.QueryResult | pg.QueryResult[];
          const results = Array.isArray(opened) ? opened : [opened];
          const firstRows = results.slice(results.length - first.length).map((r) => r.rows as unknown[]);
          const inner = pgSql(client);
          const open = () => {
            if (committed) throw new Error('la transacción ya terminó (runAndCommit es su última escritura)');
          };
          const q: TxSql = {
            // After the commit, reads run on the same connection, each on its own snapshot.
            get: (sql, params) => inner.get(sql, params),
            all: (sql, params) => inner.all(sql, params),
            run: async (sql, params) => {
              open();
              return inner.run(sql, params);
            },
            runAndCommit: async (sql, params = []) => {
              open();
              const out = (await client.query(
                `${pgInline(sql, params)}; COMMIT`,
              )) as unknown as pg.QueryResult[];
              committed = true;
              return out[0]!.rowCount ?? 0;
            },
          };
          const out = await fn(q, first.length ? firstRows : []);
          if (!committed) await client.query('COMMIT');
          return out;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          const code = (err as { code?: string }).code;
          // Committed already: what failed after it ran outside the transaction, and is not run again.
          if (committed || !code || !RETRYABLE.has(code) || attempt >= MAX_TX_ATTEMPTS) throw err;
          await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
        } finally {
          client.release(broken);
        }
      }
    });
  }

  /** Idempotent, like the SQLite side (an intake may be closed by a test and by its cleanup). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.end(), this.unwaitedPool?.end()]);
  }
}

export interface OpenCentralDbOptions {
  /** postgres://… for PostgreSQL; otherwise the SQLite file. */
  databaseUrl?: string;
  sqliteFile: string;
  sqliteMigrations: readonly Migration[];
  pgMigrations: readonly Migration[];
  /**
   * False for writes whose loss in a power cut only costs a retry (request nonces): SQLite
   * synchronous=NORMAL, PostgreSQL synchronous_commit=off. Never corrupts, may forget the last ones.
   */
  durable?: boolean;
}

/** One postgres:// URL, or several separated by commas (the primary, then its replicas). */
export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && url.split(',').every((u) => /^postgres(ql)?:\/\//.test(u.trim()));
}

export async function openCentralDb(o: OpenCentralDbOptions): Promise<CentralDb> {
  if (!isPostgresUrl(o.databaseUrl)) {
    const raw = openDatabase(o.sqliteFile, o.sqliteMigrations);
    if (o.durable === false) raw.pragma('synchronous = NORMAL');
    return new SqliteDb(raw, o.durable !== false);
  }
  const db = new PostgresDb(
    o.databaseUrl.split(',').map((u) => u.trim()),
    {
      max: pgPoolSize(),
      connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
      types: pgTypes,
      ...(o.durable === false ? { options: '-c synchronous_commit=off' } : {}),
    },
  );
  try {
    // Started after a failover with the old list: go to whichever server is the primary now.
    if (o.databaseUrl.includes(',')) await db.findPrimary();
    await migratePostgres(db.currentPool, o.pgMigrations);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

/** The platform's rules (numbered, consecutive, forward only, refuse a newer database) on PostgreSQL. */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[]): Promise<void> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new MigrationError(`migraciones no consecutivas: falta la ${i + 1}`);
  });
  const client = await pool.connect();
  const q = pgSql(client);
  try {
    // READ COMMITTED, not serializable: several nodes starting together wait on the lock, and the
    // ones after the first must then see (each statement a fresh snapshot) what it migrated.
    await client.query('BEGIN');
    await q.get('SELECT pg_advisory_xact_lock(4242001)');
    await q.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set(
      (await q.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    const known = new Set(sorted.map((m) => m.version));
    for (const v of applied)
      if (!known.has(v))
        throw new MigrationError(`la base de datos tiene la migración ${v}, que esta versión no conoce`);
    for (const m of sorted) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await q.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export async function schemaVersionOf(db: CentralDb): Promise<number> {
  const row = await db.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return row?.v ?? 0;
}
