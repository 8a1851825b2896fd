// The central's numbered, forward-only migrations, one list per engine (central/db.ts). SQLite is
// opened through the platform's helper like the station's. Never edit a shipped one: add the next number.
import type { Migration } from '../electron/platform/sqlite';
import { backfillProgressSql } from './progress';

/**
 * A manifest's CATD ("EE-DD", shared/catd-view.ts catdOfKey) beside its key, so the CATD view's
 * acknowledged count is an index search instead of a LIKE over every manifest. Existing rows get
 * it from their key "YYYY-ELECTION-EE-DD-…": the five characters after the election's dash.
 * SQLite's instr is PostgreSQL's strpos, the only difference between the two engines' texts.
 */
function MANIFEST_CATD_SQL(find: 'instr' | 'strpos'): string {
  return `
      ALTER TABLE manifests ADD COLUMN catd TEXT;
      UPDATE manifests SET catd = substr(substr(acta_key, 6), ${find}(substr(acta_key, 6), '-') + 1, 5);
      CREATE INDEX manifests_catd ON manifests (catd, acta_key) WHERE state = 'done' AND superseded_by IS NULL;
    `;
}

/**
 * The national night's counts kept as records commit (central/progress.ts), filled from the
 * standing records already held. An acta key is split as the screens split it
 * ("2024-PRES-09-05-1234-B1", election of 2 to 6 letters, l its length); a key that does not
 * match that shape is left out, as the screens leave it out. SQLite checks the shape with GLOB,
 * PostgreSQL with a regular expression: the only difference between the two engines' texts.
 */
function PROGRESS_SQL(engine: 'sqlite' | 'postgres'): string {
  const sqlite = engine === 'sqlite';
  const shape = sqlite
    ? `l BETWEEN 2 AND 6 AND acta_key GLOB '[0-9][0-9][0-9][0-9]-*'
       AND substr(acta_key, 6, l) NOT GLOB '*[^A-Z]*'
       AND substr(acta_key, 6 + l) GLOB '-[0-9][0-9]-[0-9][0-9]-[0-9][0-9][0-9][0-9]-[BCES][0-9]*'
       AND length(acta_key) BETWEEN 19 + l AND 21 + l AND substr(acta_key, 19 + l) NOT GLOB '*[^0-9]*'`
    : `acta_key ~ '^[0-9]{4}-[A-Z]{2,6}-[0-9]{2}-[0-9]{2}-[0-9]{4}-[BCES][0-9]{1,3}$'`;
  const leadingZero = sqlite ? `substr(acta_key, 19 + l) GLOB '0?*'` : `substr(acta_key, 19 + l) ~ '^0.'`;
  const parsed = `
    SELECT acta_key, substr(acta_key, 6, l) AS election, substr(acta_key, 7 + l, 2) AS entidad,
      substr(acta_key, 10 + l, 2) AS distrito, substr(acta_key, 13 + l, 4) AS seccion,
      substr(acta_key, 18 + l, 1) AS casilla_type,
      CASE WHEN ${leadingZero} THEN -1 ELSE CAST(substr(acta_key, 19 + l) AS INTEGER) END AS casilla_number
    FROM (SELECT acta_key, ${sqlite ? 'instr' : 'strpos'}(substr(acta_key, 6), '-') - 1 AS l FROM manifests
          WHERE state = 'done' AND superseded_by IS NULL) m
    WHERE ${shape}`;
  const tables = `
      -- Per acta key: its standing records and the catalogue entry it fills ('' : the
      -- every-election one; NULL: none, out of catalogue).
      CREATE TABLE progress_actas (
        acta_key TEXT PRIMARY KEY,
        election TEXT NOT NULL,
        entidad TEXT NOT NULL,
        distrito TEXT NOT NULL,
        seccion TEXT NOT NULL,
        casilla_type TEXT NOT NULL,
        casilla_number INTEGER NOT NULL,
        standing INTEGER NOT NULL,
        entry TEXT
      ) STRICT;
      CREATE INDEX progress_actas_casilla
        ON progress_actas (entidad, distrito, seccion, casilla_type, casilla_number);
      -- Per CATD, spread over a few rows (summed when read): the screens' counts.
      CREATE TABLE progress_catds (
        catd TEXT NOT NULL,
        shard INTEGER NOT NULL,
        expected INTEGER NOT NULL,
        received INTEGER NOT NULL,
        out_of_catalogue INTEGER NOT NULL,
        PRIMARY KEY (catd, shard)
      ) STRICT;
      -- Per station: its highest committed acta key, which names its CATD.
      CREATE TABLE progress_stations (
        station_id TEXT PRIMARY KEY,
        acta_key TEXT NOT NULL
      ) STRICT;`;
  return (sqlite ? tables : sqliteToPostgres(tables)) + backfillProgressSql(parsed);
}

/**
 * The records the counts have yet to follow, moved from a flag on the manifest (migration 9) to a
 * narrow table of their own. Flag and clear were two more versions of the manifest's wide row per
 * record (the manifest, its signature and receipt: ~2 KB each, written to the WAL and shipped to
 * the replica), and neither could be a HOT update, because the flag was in a partial index: every
 * index of the table got new entries twice per record. A queue row is a key, inserted by a trigger
 * in the commit's own UPDATE (no round trip of its own) and deleted by the tally that counts it.
 * Only the trigger's text differs between the engines.
 */
function TALLY_QUEUE_SQL(engine: 'sqlite' | 'postgres'): string {
  const trigger =
    engine === 'sqlite'
      ? `
      CREATE TRIGGER manifests_tally AFTER UPDATE OF state ON manifests
        WHEN NEW.state = 'done' AND OLD.state <> 'done'
      BEGIN
        INSERT INTO tally_queue (idempotency_key) VALUES (NEW.idempotency_key) ON CONFLICT DO NOTHING;
      END;`
      : `
      CREATE FUNCTION manifests_tally() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO tally_queue (idempotency_key) VALUES (NEW.idempotency_key) ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE TRIGGER manifests_tally AFTER UPDATE OF state ON manifests FOR EACH ROW
        WHEN (NEW.state = 'done' AND OLD.state <> 'done') EXECUTE FUNCTION manifests_tally();`;
  return `
      CREATE TABLE tally_queue (idempotency_key TEXT PRIMARY KEY)${engine === 'sqlite' ? ' STRICT' : ''};
      INSERT INTO tally_queue (idempotency_key) SELECT idempotency_key FROM manifests WHERE untallied = 1;
      DROP INDEX manifests_untallied;
      ALTER TABLE manifests DROP COLUMN untallied;${trigger}
    `;
}

export const CENTRAL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'central intake: blobs, manifests, heartbeats',
    sql: `
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        stored_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE manifests (
        idempotency_key TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        acta_key TEXT NOT NULL,
        manifest_sha256 TEXT NOT NULL,
        manifest TEXT NOT NULL,
        signature TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
        lease_until INTEGER NOT NULL,
        receipt TEXT,
        receipt_signature TEXT,
        receipt_id TEXT UNIQUE,
        received_at TEXT,
        via TEXT CHECK (via IN ('link', 'media')),
        superseded_by TEXT
      ) STRICT;
      CREATE INDEX manifests_acta ON manifests (acta_key);
      CREATE TABLE heartbeats (
        station_id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        link TEXT NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'records that replace others, in whatever order they arrive',
    sql: `
      -- A station's replacement names the records it replaces by idempotency key. A replaced
      -- record may arrive after its replacement (a USB drive carried late) or never: the link is
      -- kept here, and applied to the replaced record's row when (if) it comes.
      CREATE TABLE supersessions (
        superseded_key TEXT PRIMARY KEY,
        by_key TEXT NOT NULL,
        station_id TEXT NOT NULL,
        acta_key TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'authenticated requests, bounded partial uploads, audit anchors',
    sql: `
      -- Nonces of signed requests seen within the window (request-auth.ts): shared by every
      -- intake process on this folder, so a request replayed on another link is refused too.
      CREATE TABLE request_nonces (
        station_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        timestamp_ms INTEGER NOT NULL,
        PRIMARY KEY (station_id, nonce)
      ) STRICT;
      CREATE INDEX request_nonces_time ON request_nonces (timestamp_ms);
      -- Unfinished uploads, charged to the station that began them, with when they last grew
      -- (partials.ts: caps per station and in total, expiry).
      CREATE TABLE partial_uploads (
        sha256 TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        size INTEGER NOT NULL,
        touched_at_ms INTEGER NOT NULL
      ) STRICT;
      -- Audit chain heads the stations signed into heartbeats and manifests (anchors.ts).
      CREATE TABLE audit_anchors (
        station_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('heartbeat', 'manifest')),
        received_at TEXT NOT NULL,
        PRIMARY KEY (station_id, seq)
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'acopio events of each CATD',
    sql: `
      -- Each acta a station received at acopio (catd-view.ts), so another station of the same
      -- CATD learns of it before scanning its own copy. One row per station and key: a station's
      -- second acopio of a key is its own local conflict. recorded_at is the central's clock,
      -- which orders the stations' acopios (their own clocks may disagree).
      CREATE TABLE acopio_events (
        station_id TEXT NOT NULL,
        acta_key TEXT NOT NULL,
        catd TEXT NOT NULL,
        station_name TEXT NOT NULL,
        received_at TEXT NOT NULL,
        offset_minutes INTEGER NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (station_id, acta_key)
      ) STRICT;
      CREATE INDEX acopio_events_catd ON acopio_events (catd, acta_key);
      `,
  },
  {
    version: 5,
    name: 'central operators, their sessions, the national catalogue',
    sql: `
      -- People who sign in to the central's own screens (operators.ts): scrypt hash of the
      -- password, failed attempts and lockout, like the station's PIN accounts.
      CREATE TABLE central_operators (
        operator_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        pin_hash TEXT NOT NULL,
        pin_salt TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL,
        locked_until_ms INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      -- Only the SHA-256 of a session token is kept: a copy of the database opens no session.
      CREATE TABLE central_sessions (
        token_sha256 TEXT PRIMARY KEY,
        operator_id TEXT NOT NULL,
        expires_at_ms INTEGER NOT NULL
      ) STRICT;
      -- The casillas every CATD is expected to send (catalogue.ts), from the districts' CSVs.
      -- election '' : expected for every election (the CSV left it blank).
      CREATE TABLE central_catalogue (
        entidad TEXT NOT NULL,
        distrito TEXT NOT NULL,
        seccion TEXT NOT NULL,
        casilla_type TEXT NOT NULL,
        casilla_number INTEGER NOT NULL,
        election TEXT NOT NULL,
        PRIMARY KEY (entidad, distrito, seccion, casilla_type, casilla_number, election)
      ) STRICT;
      -- When the central took each station's latest heartbeat, by its own clock: a station is
      -- silent by that, whatever its own clock says (NULL: kept before this column).
      ALTER TABLE heartbeats ADD COLUMN received_at TEXT;
    `,
  },
  {
    version: 6,
    name: "manifests carry their CATD (the Tablero's acknowledged count, indexed)",
    sql: MANIFEST_CATD_SQL('instr'),
  },
  {
    version: 7,
    name: 'originals asked of the stations (pages that travelled as copies)',
    sql: `
      -- One row per scanned original a central operator asked for (originals.ts). Whether it has
      -- arrived is the blobs table's to say: the blob of that hash is sealed, bytes checked.
      CREATE TABLE original_requests (
        original_sha256 TEXT PRIMARY KEY,
        acta_key TEXT NOT NULL,
        page INTEGER NOT NULL,
        station_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        size INTEGER NOT NULL,
        requested_at TEXT NOT NULL,
        requested_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX original_requests_station ON original_requests (station_id, requested_at);
      CREATE INDEX original_requests_acta ON original_requests (acta_key);
    `,
  },
  {
    version: 8,
    name: "the screens' counts kept as records commit (O(CATDs) to read)",
    sql: PROGRESS_SQL('sqlite'),
  },
  {
    version: 9,
    name: 'records the counts have yet to follow (tally.ts)',
    sql: `
      -- Set by the commit that makes a record done, cleared by the tally that counts it: the
      -- counts follow in batches instead of inside each commit. Records committed before this
      -- step were counted by their commits.
      ALTER TABLE manifests ADD COLUMN untallied INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX manifests_untallied ON manifests (acta_key) WHERE untallied = 1;
    `,
  },
  {
    version: 10,
    name: 'records the counts have yet to follow, in a narrow queue of their own (tally.ts)',
    sql: TALLY_QUEUE_SQL('sqlite'),
  },
];

/**
 * The same numbered steps for PostgreSQL, derived so the two cannot drift: the central's SQLite
 * migrations use only types and clauses both engines know, except STRICT (SQLite only) and
 * INTEGER, which is 64-bit in SQLite and must be BIGINT in PostgreSQL (times in milliseconds).
 * A later step that needs its own PostgreSQL text goes in PG_OVERRIDES under its number.
 */
export function sqliteToPostgres(sql: string): string {
  return sql.replace(/\)\s*STRICT\s*;/g, ');').replace(/\bINTEGER\b/g, 'BIGINT');
}

const PG_OVERRIDES: ReadonlyMap<number, string> = new Map([
  [6, MANIFEST_CATD_SQL('strpos')],
  [8, PROGRESS_SQL('postgres')],
  [10, TALLY_QUEUE_SQL('postgres')],
]);

export const CENTRAL_MIGRATIONS_PG: readonly Migration[] = CENTRAL_MIGRATIONS.map((m) => ({
  ...m,
  sql: PG_OVERRIDES.get(m.version) ?? sqliteToPostgres(m.sql),
}));
