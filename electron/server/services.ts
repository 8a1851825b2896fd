// What the RPC procedures can reach: the core's capabilities, composed once in core.ts.
import type { Clock } from '../platform/clock';
import type { Config } from '../station/config';
import type { Logger } from '../platform/logger';
import type { Db } from '../store/db';
import type { OperatorStore } from '../security/operators';
import type { AuditLog } from '../security/audit';
import type { StatusHub } from '../station/status-hub';
import type { Activity } from '../platform/activity';
import type { PowerManager } from '../power/power-manager';
import type { MediaExportJobs } from '../transmit/media-job';
import type { Outbox } from '../transmit/outbox';
import type { ActaWorkflow } from '../workflow';
import type { CapturePipeline } from '../capture/pipeline';
import type { BlobStore } from '../capture/store';
import type { ScannerDriver } from '../capture/scanners';
import type { LabelPrinter, LabelPrints } from '../capture/printers';
import type { StationKey } from '../security/station-key';
import type { Transmitter } from '../transmit/transmitter';
import type { CatdPeer } from '../transmit/catd-peer';
import type { ActaTransmission } from '../transmit/acta-transmission';
import type { CodeReader } from '../capture/readers/reader';
import type { SettingsStore } from '../store/settings';
import type { VitalsMonitor } from '../station/vitals';
import type { Updates } from '../station/updates';
import type { StorageMonitor } from '../store/storage-monitor';
import type { DataPurpose } from '../training/mode';
import type { Scenario } from '../../shared/training/scenario';
import type { TrainingSession } from '../training/session';

/** What the core may ask of whoever runs it (the Electron shell, or the `catd start` process). */
export interface ShellBridge {
  /** Leave the kiosk with this exit code (after the answer to the current request is sent). */
  requestExit(code: number): void;
  /** Download and verify an approved update; absent where there is no shell (web mode). */
  installUpdate?(version: string): void;
  /** Install the verified update now (the core says when: approved, and nothing in progress). */
  applyUpdate?(version: string): void;
  /** Where the root-side installer reports (Linux kiosk, platform/update-spool.ts); absent elsewhere. */
  updateStatusFile?: string;
  /** Stop this core and start it again (training switch); absent: requestExit(0) and the shell restarts it. */
  restartCore?(): void;
}

/** The station's training mode, as the console shows and switches it. */
export interface TrainingServices {
  purpose: DataPurpose;
  /** Configured training-only: no switch back to real work. */
  trainingOnly: boolean;
  /** The scenario this training start runs (config training.scenario), or null. */
  scenario: Scenario | null;
  /** The running session of that scenario: its events, time limit and noted wrong keys. */
  session: TrainingSession | null;
  /** Audits the switch, records the new mode and restarts the core on the other data folder. */
  switchTo(to: DataPurpose, actor: string, reason: string): void;
}

export interface CoreServices {
  config: Config;
  clock: Clock;
  log: Logger;
  db: Db;
  operators: OperatorStore;
  audit: AuditLog;
  status: StatusHub;
  shell: ShellBridge;
  activity: Activity;
  power: PowerManager;
  outbox: Outbox;
  /** The removable-media export the console starts, follows and may cancel (one at a time). */
  mediaExport: MediaExportJobs;
  workflow: ActaWorkflow;
  pipeline: CapturePipeline;
  blobs: BlobStore;
  scanner: ScannerDriver;
  /** The station's data folder (database, images, keys, logs). */
  dataDir: string;
  stationKey: StationKey;
  /** Running only once the station is enrolled with the central; null before. */
  transmitter: Transmitter | null;
  /** The CATD as a whole through the central: acopio seen at other stations, the CATD's counts. */
  catd: CatdPeer;
  actaTransmission: ActaTransmission;
  /** The configured QR/barcode reader read by the core, or null (none, or a keyboard wedge typing). */
  codeReader: CodeReader | null;
  settings: SettingsStore;
  /** Memory, open files and event-loop delay of this process. */
  vitals: VitalsMonitor;
  updates: Updates;
  /** Training mode: which data this core runs on, and the supervisor's switch. */
  training: TrainingServices;
  /** Free space and writability of the data folder (a status bar cell; refuses scans when critical). */
  storage: StorageMonitor;
  /** The acopio label printer and its prints (retry, supervisor reprint). */
  printer: LabelPrinter;
  labelPrints: LabelPrints;
}
