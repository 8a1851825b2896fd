// The central's storage layer on SQLite (central/db.ts CentralDb): one connection in this
// process, statements prepared once, and transactions committed in groups.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../electron/platform/sqlite';
import type { CentralDb, Sql, SqlStatement, SqlValue, TxLocks, TxSql } from './db';

/** Transactions one commit carries at most. */
const MAX_GROUP = 64;
/** Prepared statements kept (the central's own SQL is a few dozen texts; a bound against odd callers). */
const MAX_STATEMENTS = 512;

interface QueuedTx {
  fn: (q: TxSql, first: unknown[][]) => Promise<unknown>;
  first: SqlStatement[];
  done: (value: unknown) => void;
  failed: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown };

export class SqliteDb implements CentralDb {
  readonly engine = 'sqlite' as const;
  /** Settles when the running group of transactions ends; statements outside them wait for it. */
  private lock: Promise<void> = Promise.resolve();
  private inTx = false;
  private queue: QueuedTx[] = [];
  private draining = false;
  private readonly statements = new Map<string, Statement<SqlValue[]>>();

  /** `durable`: commits are fsynced (synchronous=FULL), those through `unwaited` excepted. */
  constructor(
    readonly raw: Db,
    private readonly durable = true,
  ) {}

  /** Preparing costs as much as running a small statement: each text is prepared once. */
  private prepare(sql: string): Statement<SqlValue[]> {
    let st = this.statements.get(sql);
    if (!st) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      st = this.raw.prepare<SqlValue[]>(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private direct: Sql = {
    get: <T>(sql: string, params: SqlValue[] = []) => Promise.resolve(this.prepare(sql).get(...params) as T),
    all: <T>(sql: string, params: SqlValue[] = []) =>
      Promise.resolve(this.prepare(sql).all(...params) as T[]),
    run: (sql: string, params: SqlValue[] = []) => Promise.resolve(this.prepare(sql).run(...params).changes),
  };

  /**
   * One transaction's statements inside a group: the group's COMMIT is every transaction's, so the
   * last statement is only run; a write after it is refused, as on PostgreSQL.
   */
  private inGroup(): TxSql {
    let ended = false;
    const writable = () => {
      if (ended) throw new Error('la transacción ya terminó (runAndCommit es su última escritura)');
    };
    return {
      get: this.direct.get,
      all: this.direct.all,
      run: async (sql, params) => {
        writable();
        return this.direct.run(sql, params);
      },
      runAndCommit: async (sql, params) => {
        writable();
        ended = true;
        return this.direct.run(sql, params);
      },
    };
  }

  async get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined> {
    await this.idle();
    return this.direct.get<T>(sql, params);
  }
  async all<T>(sql: string, params?: SqlValue[]): Promise<T[]> {
    await this.idle();
    return this.direct.all<T>(sql, params);
  }
  async run(sql: string, params?: SqlValue[]): Promise<number> {
    await this.idle();
    return this.direct.run(sql, params);
  }

  private async idle(): Promise<void> {
    while (this.inTx) await this.lock;
  }

  /**
   * `locks` need nothing here: BEGIN IMMEDIATE already holds off every other writer.
   * Group commit: each durable COMMIT waits for the disk (an fsync that holds the event loop),
   * so the transactions asked for in the same turn of the event loop run one after the other
   * in one SQLite transaction, each inside its own savepoint (one that fails leaves no trace and
   * the others stand), and share one COMMIT. None is answered before that COMMIT is on disk.
   */
  tx<T>(
    fn: (q: TxSql, first: unknown[][]) => Promise<T>,
    _locks?: TxLocks,
    first: SqlStatement[] = [],
  ): Promise<T> {
    return new Promise<T>((done, failed) => {
      this.queue.push({ fn, first, done: done as (v: unknown) => void, failed });
      if (this.draining) return;
      this.draining = true;
      // A turn later: the requests already read by this turn add their transactions first.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) await this.runGroup(this.queue.splice(0, MAX_GROUP));
    } finally {
      this.draining = false;
    }
  }

  private async runGroup(group: QueuedTx[]): Promise<void> {
    await this.idle();
    let release!: () => void;
    this.lock = new Promise<void>((r) => (release = r));
    this.inTx = true;
    const outcomes: Outcome[] = [];
    try {
      this.raw.exec('BEGIN IMMEDIATE');
      for (const t of group) {
        this.raw.exec('SAVEPOINT one_tx');
        try {
          const firstRows = t.first.map((s) => this.prepare(s.sql).all(...s.params) as unknown[]);
          outcomes.push({ ok: true, value: await t.fn(this.inGroup(), firstRows) });
          this.raw.exec('RELEASE one_tx');
        } catch (err) {
          // SQLite rolled the whole transaction back itself (disk full, I/O error): the group's
          // earlier work is gone with it, so none of them is answered as done.
          if (!this.raw.inTransaction) throw err;
          this.raw.exec('ROLLBACK TO one_tx');
          this.raw.exec('RELEASE one_tx');
          outcomes.push({ ok: false, err });
        }
      }
      this.raw.exec('COMMIT');
    } catch (err) {
      if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      for (const t of group) t.failed(err);
      return;
    } finally {
      this.inTx = false;
      release();
    }
    group.forEach((t, i) => {
      const o = outcomes[i]!;
      if (o.ok) t.done(o.value);
      else t.failed(o.err);
    });
  }

  close(): Promise<void> {
    this.raw.close();
    return Promise.resolve();
  }

  /**
   * On this connection and behind its lock, not on a second connection: better-sqlite3 waits for
   * another connection's write lock synchronously (busy_timeout), so a nonce written on a second
   * connection while this one held a transaction open froze the whole intake for seconds, then
   * failed (heartbeats timed out).
   */
  readonly unwaited: Sql = {
    get: <T>(sql: string, params: SqlValue[] = []) =>
      this.notWaited(() => this.prepare(sql).get(...params) as T),
    all: <T>(sql: string, params: SqlValue[] = []) =>
      this.notWaited(() => this.prepare(sql).all(...params) as T[]),
    run: (sql: string, params: SqlValue[] = []) =>
      this.notWaited(() => this.prepare(sql).run(...params).changes),
  };

  /** Synchronous from pragma to pragma: no other statement runs in between with NORMAL. */
  private async notWaited<T>(statement: () => T): Promise<T> {
    await this.idle();
    // In WAL mode a NORMAL commit is not fsynced; the next FULL one fsyncs the log with it.
    if (this.durable) this.raw.pragma('synchronous = NORMAL');
    try {
      return statement();
    } finally {
      if (this.durable) this.raw.pragma('synchronous = FULL');
    }
  }
}
