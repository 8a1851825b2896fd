// Numbered, forward-only migrations. Never edit one that has shipped: add the next number.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings, operators, audit log',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE operators (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('operador', 'supervisor')),
        pin_hash TEXT NOT NULL,
        pin_salt TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;

      -- Append-only hash chain: each entry holds the previous entry's hash.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at_utc TEXT NOT NULL,
        offset_minutes INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
      ) STRICT;

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'outbox and receipts',
    sql: `
      -- One row per acta to deliver. The manifest is signed once, at enqueue, and the same bytes
      -- go out on every attempt and every link, under the same idempotency key.
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        acta_key TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        manifest TEXT NOT NULL,
        manifest_sha256 TEXT NOT NULL,
        signature TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        exported_at TEXT,
        enqueued_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);

      CREATE TABLE outbox_images (
        outbox_id INTEGER NOT NULL REFERENCES outbox (id),
        seq INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        path TEXT NOT NULL,
        PRIMARY KEY (outbox_id, seq)
      ) STRICT;

      -- Written as failed before the attempt starts; turned to succeeded only with a signed receipt.
      CREATE TABLE outbox_attempts (
        id INTEGER PRIMARY KEY,
        outbox_id INTEGER NOT NULL REFERENCES outbox (id),
        link TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('failed', 'succeeded')),
        error TEXT
      ) STRICT;
      CREATE INDEX outbox_attempts_outbox ON outbox_attempts (outbox_id);

      CREATE TABLE receipts (
        outbox_id INTEGER PRIMARY KEY REFERENCES outbox (id),
        receipt_id TEXT NOT NULL UNIQUE,
        receipt TEXT NOT NULL,
        signature TEXT NOT NULL,
        received_at TEXT NOT NULL,
        via TEXT NOT NULL,
        applied_at TEXT NOT NULL
      ) STRICT;
    `,
  },
];
