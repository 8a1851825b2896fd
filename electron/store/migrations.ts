// The station's numbered, forward-only migrations. Never edit one that has shipped: add the next number.
import type { Migration } from '../platform/sqlite';

export type { Migration };

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
  {
    version: 3,
    name: 'actas, pages, scans, catalogue',
    sql: `
      -- Owned by electron/workflow/acta-store.ts. One row per physical acta received at acopio.
      CREATE TABLE actas (
        id INTEGER PRIMARY KEY,
        key_id TEXT NOT NULL,
        key_label TEXT NOT NULL,
        -- 1 for the first acta of a key; a conflict resolved "keep both" makes the next number.
        record_no INTEGER NOT NULL DEFAULT 1 CHECK (record_no >= 1),
        state TEXT NOT NULL CHECK (state IN ('recibida', 'digitalizada', 'verificada', 'en_cola',
          'transmitida', 'acusada', 'rechazada', 'en_conflicto', 'anulada')),
        version INTEGER NOT NULL DEFAULT 1,
        key_source TEXT NOT NULL CHECK (key_source IN ('reader', 'typed')),
        catalogue TEXT NOT NULL CHECK (catalogue IN ('in', 'out', 'accepted', 'unchecked')),
        received_at_utc TEXT NOT NULL,
        received_offset INTEGER NOT NULL,
        received_by TEXT NOT NULL,
        scanned_at_utc TEXT,
        scanned_offset INTEGER,
        verified_at_utc TEXT,
        verified_offset INTEGER,
        verified_by TEXT,
        queued_at_utc TEXT,
        queued_offset INTEGER,
        transmitted_at_utc TEXT,
        transmitted_offset INTEGER,
        transmitted_link TEXT,
        acknowledged_at_utc TEXT,
        acknowledged_offset INTEGER,
        receipt_id TEXT,
        held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)),
        conflict_with INTEGER REFERENCES actas(id),
        supersedes_acta INTEGER REFERENCES actas(id),
        rejection_reason TEXT,
        rejected_by TEXT,
        annul_reason TEXT,
        annulled_by TEXT,
        current_scan INTEGER NOT NULL DEFAULT 0,
        updated_at_utc TEXT NOT NULL,
        updated_offset INTEGER NOT NULL
      ) STRICT;
      -- A second acta of a key is never a silent overwrite: at most one active record per number.
      CREATE UNIQUE INDEX actas_one_active_record ON actas(key_id, record_no)
        WHERE state NOT IN ('en_conflicto', 'anulada');
      CREATE INDEX actas_state ON actas(state);
      CREATE INDEX actas_key ON actas(key_id);

      -- Owned by electron/workflow/acta-store.ts. One row per scan attempt; ended_at NULL = running
      -- (the marker recovered at start after a crash).
      CREATE TABLE acta_scans (
        acta_id INTEGER NOT NULL REFERENCES actas(id),
        scan_no INTEGER NOT NULL,
        started_at_utc TEXT NOT NULL,
        started_offset INTEGER NOT NULL,
        operator_id TEXT NOT NULL,
        ended_at_utc TEXT,
        outcome TEXT CHECK (outcome IN ('digitalizada', 'rechazada', 'fault', 'cancelled', 'empty',
          'interrupted', 'stale')),
        detail TEXT,
        PRIMARY KEY (acta_id, scan_no)
      ) STRICT;

      -- Owned by electron/workflow/acta-store.ts. A row is written only after its file is durable.
      CREATE TABLE acta_pages (
        id INTEGER PRIMARY KEY,
        acta_id INTEGER NOT NULL REFERENCES actas(id),
        scan_no INTEGER NOT NULL,
        position INTEGER NOT NULL CHECK (position >= 1),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL,
        format TEXT NOT NULL,
        preview TEXT,
        scanned_at_utc TEXT NOT NULL,
        scanned_offset INTEGER NOT NULL,
        suitable INTEGER NOT NULL CHECK (suitable IN (0, 1)),
        reasons TEXT NOT NULL,
        identification TEXT NOT NULL CHECK (identification IN ('match', 'mismatch', 'unreadable',
          'invalid', 'none')),
        identified_key_id TEXT,
        accepted_by TEXT,
        accepted_reason TEXT,
        superseded_by_scan INTEGER,
        superseded_by_page INTEGER REFERENCES acta_pages(id),
        FOREIGN KEY (acta_id, scan_no) REFERENCES acta_scans(acta_id, scan_no),
        UNIQUE (acta_id, scan_no, position)
      ) STRICT;
      CREATE INDEX acta_pages_sha ON acta_pages(sha256);

      -- Owned by electron/workflow/catalogue-store.ts. The validated CSV as loaded (one row).
      CREATE TABLE catalogue (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        csv TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        entries INTEGER NOT NULL,
        loaded_at_utc TEXT NOT NULL,
        loaded_offset INTEGER NOT NULL,
        loaded_by TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'outbox hold',
    sql: `
      -- An acta held or annulled by a supervisor must not leave while its outbox entry waits:
      -- 'held' (release sends it again) or 'annulled' (never sent). NULL: free to send.
      ALTER TABLE outbox ADD COLUMN hold TEXT CHECK (hold IN ('held', 'annulled'));
    `,
  },
  {
    version: 5,
    name: 'outbox entry per acta record',
    sql: `
      -- An outbox entry belongs to one acta record, not to a key: a key may have several records
      -- (a replacement, "keep both"), each sent once under its own idempotency key. Entries of an
      -- older station are matched to the key's queued records in order (the outbox sent them in
      -- that order too); the watchdog reports any it could not match.
      ALTER TABLE outbox ADD COLUMN acta_id INTEGER REFERENCES actas (id);
      UPDATE outbox SET acta_id = (
        SELECT a.id
        FROM (SELECT id, acta_key, row_number() OVER (PARTITION BY acta_key ORDER BY id) AS n FROM outbox) o
        JOIN (SELECT id, key_id, row_number() OVER (PARTITION BY key_id ORDER BY id) AS n
              FROM actas WHERE queued_at_utc IS NOT NULL) a ON a.key_id = o.acta_key AND a.n = o.n
        WHERE o.id = outbox.id);
      CREATE UNIQUE INDEX outbox_acta ON outbox (acta_id) WHERE acta_id IS NOT NULL;
      -- The watchdog asks of every queued record whether a later one replaces it.
      CREATE INDEX actas_supersedes ON actas (supersedes_acta) WHERE supersedes_acta IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'PIN attempts per id and purpose',
    sql: `
      -- Owned by electron/security/pin-attempts.ts. Failed PINs counted per id and purpose: sign-in
      -- and supervisor elevation apart (an operator failing elevation must not lock the supervisor
      -- out of signing in), and for ids that exist or not alike (a lockout that only real ids get
      -- tells a guesser which ids exist). The counters move here from the operators table.
      CREATE TABLE pin_attempts (
        account_id TEXT NOT NULL,
        purpose TEXT NOT NULL CHECK (purpose IN ('login', 'elevation')),
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        PRIMARY KEY (account_id, purpose)
      ) STRICT;
      INSERT INTO pin_attempts (account_id, purpose, failed_attempts, locked_until)
        SELECT id, 'login', failed_attempts, locked_until FROM operators
        WHERE failed_attempts > 0 OR locked_until IS NOT NULL;
      ALTER TABLE operators DROP COLUMN failed_attempts;
      ALTER TABLE operators DROP COLUMN locked_until;
    `,
  },
  {
    version: 7,
    name: 'Acopio label prints',
    sql: `
      -- Owned by electron/capture/printers/label-prints.ts. Every attempt to print an acta's acopio
      -- label: the one after acopio, the operator's retries, the supervisor's reprints. The acta
      -- is received whatever happens here; this only says whether its label came out.
      CREATE TABLE label_prints (
        id INTEGER PRIMARY KEY,
        acta_id INTEGER NOT NULL REFERENCES actas (id),
        reprint INTEGER NOT NULL CHECK (reprint IN (0, 1)),
        state TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'failed')),
        printer TEXT NOT NULL,
        message_key TEXT,
        requested_by TEXT NOT NULL,
        requested_at_utc TEXT NOT NULL,
        finished_at_utc TEXT
      ) STRICT;
      CREATE INDEX label_prints_acta ON label_prints (acta_id, id);
    `,
  },
  {
    version: 8,
    name: 'Acopio reports owed to the CATD',
    sql: `
      -- Owned by electron/workflow/acopio-reports.ts. An acopio the central did not hear about at
      -- the time (no link, no answer in time), written in the acopio's own transaction so that
      -- neither an outage nor a crash loses it: the station sends it when a link is back, and
      -- learns then whether another station of the CATD had received the key first.
      CREATE TABLE acopio_reports (
        acta_id INTEGER PRIMARY KEY REFERENCES actas (id),
        key_id TEXT NOT NULL,
        received_at_utc TEXT NOT NULL,
        received_offset INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'refused')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at_utc TEXT NOT NULL,
        last_reason TEXT,
        sent_at_utc TEXT
      ) STRICT;
      CREATE INDEX acopio_reports_due ON acopio_reports (next_attempt_at_utc) WHERE state = 'pending';
    `,
  },
  {
    version: 9,
    name: 'Later acopios of this station keys at other stations',
    sql: `
      -- Owned by electron/workflow/catd-later.ts. Another station of the CATD received a key this
      -- station had first (its late report reached the central, or it received a second copy): the
      -- first station learns it from the CATD view and its supervisor sees a notice. One row per
      -- key and other station, so a notice is given once however often the view repeats it.
      CREATE TABLE catd_later_sightings (
        key_id TEXT NOT NULL,
        station_id TEXT NOT NULL,
        acta_id INTEGER NOT NULL REFERENCES actas (id),
        station_name TEXT NOT NULL,
        received_at_utc TEXT NOT NULL,
        received_offset INTEGER NOT NULL,
        learnt_at_utc TEXT NOT NULL,
        PRIMARY KEY (key_id, station_id)
      ) STRICT;
      CREATE INDEX catd_later_sightings_learnt ON catd_later_sightings (learnt_at_utc);
    `,
  },
  {
    version: 10,
    name: 'State an acta left for a late CATD conflict',
    sql: `
      -- A late CATD report (workflow/catd-sightings.ts) may put an acta en_conflicto after it was
      -- scanned or verified: the state it left, so that the supervisor keeping it returns it there
      -- instead of to a rescan. NULL for every other conflict (those start at acopio).
      ALTER TABLE actas ADD COLUMN conflict_from TEXT
        CHECK (conflict_from IN ('recibida', 'rechazada', 'digitalizada', 'verificada'));
    `,
  },
  {
    version: 11,
    name: 'Manifests that left the station',
    sql: `
      -- Owned by electron/transmit/outbox.ts. How many times this entry's signed manifest left the
      -- station: posted to the central (counted before the first byte goes) or written to removable
      -- media. Only then can a record annulled here still be counted at the central, so the
      -- watchdog's alarm waits for it, not for an attempt that never got past the connection.
      -- Entries from before this column: every attempt is taken as one that may have posted.
      ALTER TABLE outbox ADD COLUMN manifests_out INTEGER NOT NULL DEFAULT 0;
      UPDATE outbox SET manifests_out = attempts + (exported_at IS NOT NULL);
    `,
  },
];
