// What the acta workflow takes and gives: its options and hooks, and the shapes exchanged with the
// capture pipeline (pages, scan ends) and the transmitter (transmission items, acta references).
import type { Logger } from '../platform/logger';
import type { Result } from '../platform/result';
import type { Clock, StampedTime } from '../platform/clock';
import type { Db } from '../store/db';
import type { CatalogueLineError } from '../../shared/catalogue';
import type { AcopioSighting } from '../../shared/catd-view';
import type {
  ActaState,
  ActaSummary,
  PageIdentification,
  PageReason,
  PageSummary,
} from '../../shared/workflow';
import type { CatalogueInfo } from './catalogue-store';
import type { WorkflowActor } from './actor';

/** Called after the commit, never inside a transaction (a failing hook cannot undo a change). */
export interface WorkflowHooks {
  /** An acta was received (acopio committed): print its label. Never undoes the acopio. */
  onReceived?(acta: ActaSummary, actor: WorkflowActor): void;
  /** The acta entered en_cola (or was released from a hold): hand it to the outbox. */
  onQueued?(acta: ActaSummary): void;
  /** A supervisor held an acta in en_cola: the outbox must not send it until released. */
  onHeld?(acta: ActaSummary): void;
  /** The acta was annulled (it may have been en_cola): the outbox drops it. */
  onAnnulled?(acta: ActaSummary): void;
}

export interface ActaWorkflowOptions {
  db: Db;
  clock: Clock;
  /** This workstation's id (goes into every transmission item). */
  stationId: string;
  log?: Logger;
  hooks?: WorkflowHooks;
  /** Verification puts the acta straight into the queue (default true). */
  autoEnqueue?: boolean;
}

export type ReceiveOutcome = 'received' | 'conflict' | 'elsewhere' | 'outOfCatalogue';

/** What the central said of the key at acopio (transmit/catd-peer.ts). */
export interface AcopioCatdCheck {
  /** False: the central was not reached in time; the acopio goes on as before. */
  online: boolean;
  /** The first acopio of the key at another station of the CATD, if any. */
  elsewhere?: AcopioSighting | undefined;
}

export interface ReceiveResult {
  acta: ActaSummary;
  outcome: ReceiveOutcome;
  /** For a conflict: the acta that already holds the key. */
  existing?: ActaSummary;
  /** For 'elsewhere': the station of the CATD that received the key first, and when. */
  elsewhere?: AcopioSighting;
  /** Whether the CATD was asked and answered (absent: not asked, e.g. not enrolled). */
  catdOnline?: boolean;
}

/** The catalogue loaded (and the actas it moved in or out of it), or every bad line of the file. */
export type LoadCatalogueResult = Result<
  { catalogue: CatalogueInfo; replaced: boolean; nowIn: number[]; nowOut: number[] },
  CatalogueLineError[]
>;

/** An acta as the outbox takes it (the transmitter's `outbox.enqueue(item)`). */
export interface TransmissionItem {
  actaId: number;
  /** actaKeyId() of the acta's key. */
  actaKey: string;
  /** The current pages, in order, as stored (sha256 = integrity code). */
  images: Array<{ sha256: string; size: number; format: string }>;
  times: { receivedAt: StampedTime; scannedAt: StampedTime; verifiedAt: StampedTime };
  stationId: string;
  operatorId: string;
  /** The record number of the key at this station (1, then one more per record a supervisor let in). */
  record: number;
  /** The supervisor's resolution that let this record in (null: the key's first record). */
  resolution: 'replace' | 'keep_both' | null;
  /** The records this one replaces, nearest first: the replaced one, then what it replaced. */
  supersedesActas: number[];
}

/** An acta that reached the queue at some time, as the transmission watchdog compares it with the outbox. */
export interface TransmissionLedgerRow {
  id: number;
  keyId: string;
  state: ActaState;
  held: boolean;
  /** A later record (not annulled) replaces this one. */
  replaced: boolean;
}

/** Refers to an acta from the transmitter: its key id (the oldest acta of that key in the expected state) or its row id. */
export type ActaRef = string | { actaId: number };

/** What a page looks like when the capture pipeline records it (its file is already durable). */
export interface NewPage {
  position: number;
  sha256: string;
  size: number;
  format: string;
  preview: string | null;
  scannedAt: StampedTime;
  suitable: boolean;
  reasons: PageReason[];
  identification: PageIdentification;
  identifiedKeyId: string | null;
}

export type ScanEnd =
  | { kind: 'completed' }
  | { kind: 'fault'; error: string }
  | { kind: 'cancelled' }
  | { kind: 'storage'; error: string };

export interface ScanFinish {
  acta: ActaSummary;
  /** What happened to the acta: its new state, or why it stayed. */
  outcome: 'digitalizada' | 'rechazada' | 'fault' | 'cancelled' | 'empty' | 'stale';
  pages: PageSummary[];
}

export interface RecoveredScan {
  actaId: number;
  scanNo: number;
  pagesKept: number;
}
