// The central's numbered, forward-only migrations, one list per engine (central/db.ts). SQLite is
// opened through the platform's helper like the station's. Never edit a shipped one: add the next number.
import type { Migration } from '../electron/platform/sqlite';

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

const PG_OVERRIDES: ReadonlyMap<number, string> = new Map([[6, MANIFEST_CATD_SQL('strpos')]]);

export const CENTRAL_MIGRATIONS_PG: readonly Migration[] = CENTRAL_MIGRATIONS.map((m) => ({
  ...m,
  sql: PG_OVERRIDES.get(m.version) ?? sqliteToPostgres(m.sql),
}));
