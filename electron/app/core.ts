// Composes the core in one place: config, store, security, devices, links, status, HTTP host.
// The Electron shell runs this in a utilityProcess; `catd start` and the tests run it in Node.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../station/config';
import { systemClock, type Clock } from '../platform/clock';
import { ClockJumpWatch } from '../station/clock-watch';
import { StationClockStatus } from '../station/clock-status';
import { ClockOffsetMeter } from '../transmit/clock-offset';
import { createFileLogger, type Logger } from '../platform/logger';
import { openDatabase, type Db } from '../store/db';
import { AuditLog } from '../security/audit';
import { OperatorStore, type Operator } from '../security/operators';
import { SessionRegistry } from '../security/sessions';
import { loadOrCreateStationKey } from '../security/station-key';
import { LinkMonitor } from '../transmit/link-monitor';
import { StatusHub } from '../station/status-hub';
import { PowerManager } from '../power/power-manager';
import { ImminentPowerOff } from '../power/power-off';
import { UpsMonitor } from '../power/ups';
import { SUPERVISOR_EXIT_CODE } from '../platform/shell-contract';
import { MediaExportJobs } from '../transmit/media-job';
import { Outbox } from '../transmit/outbox';
import { startTransmission } from './transmission';
import { BlobStore } from '../capture/store';
import { QualityGate } from '../capture/quality';
import { ActaWorkflow, type WorkflowHooks } from '../workflow';
import { CapturePipeline, recoverCapture } from '../capture/pipeline';
import { ActaTransmission } from '../transmit/acta-transmission';
import { TransmissionCopies } from '../transmit/transmission-copies';
import { createCodeReader } from '../capture/readers/config';
import { SettingsStore } from '../store/settings';
import { SETTING_TRANSMIT_PAUSED, SETTING_TRANSMIT_PREFERRED } from '../transmit/config';
import { parseActaKey, type ActaKey } from '../../shared/acta-key';
import { HEARTBEAT_REJECTIONS_KEY } from '../../shared/intake';
import { heartbeatRejections } from '../../shared/report';
import { startHttpServer } from '../server/http';
import { createDevices, createLabelPrinter } from './devices';
import { LabelPrints } from '../capture/printers';
import { labelSecretOf } from '../security/label-code';
import { acopioLabelFor } from '../workflow/acopio-label';
import type { CoreServices, ShellBridge } from '../server/services';
import { CatdPeer } from '../transmit/catd-peer';
import { startAcopioReporter } from '../transmit/acopio-reporter';
import { Activity } from '../platform/activity';
import { Updates } from '../station/updates';
import { VitalsMonitor } from '../station/vitals';
import { StorageMonitor } from '../store/storage-monitor';
import { checkDataPurpose, resolveStationData } from '../training/mode';
import { copyAccountsForTraining } from '../training/accounts';
import { switchPurpose } from '../training/switch';
import { loadTrainingScenario, TRAINING_PREVIEW_MARK, trainingConfig, trainingOptions } from './training';
import type { FedSheet } from '../../sim/compose';
import { prepareTrainingRun } from './training-run';

export interface CoreOptions {
  dataDir: string;
  configFile?: string;
  port: number;
  rendererDir: string;
  /** Base URL of the reference intake server started beside the core, replacing `sim:intake`. */
  simIntakeUrl?: string;
  /** That server's data folder: the station enrols there (and trusts its key) by itself. */
  simIntakeData?: string;
  /** The training central started beside the core (`sim:training-intake` links), and its folder. */
  simTrainingIntakeUrl?: string;
  simTrainingIntakeData?: string;
  /** Training: real ms a scenario minute lasts (tests play a scenario in seconds); default 60 000. */
  trainingMinuteMs?: number;
  clock?: Clock;
  logger?: Logger;
  /** How a supervisor-approved exit leaves; defaults to stopping the core and exiting the process. */
  shell?: ShellBridge;
}

export interface Core {
  origin: string;
  port: number;
  config: Config;
  configFile: string;
  services: CoreServices;
  /** Demo accounts created on this start (simulated mode, first start only). */
  demoAccounts: Array<Operator & { pin: string }> | null;
  mintLaunchToken(): string;
  stop(): Promise<void>;
}

export async function startCore(opts: CoreOptions): Promise<Core> {
  const clock = opts.clock ?? systemClock;
  const baseDir = opts.dataDir;
  fs.mkdirSync(baseDir, { recursive: true, mode: 0o700 });
  const loaded = loadConfig(baseDir, opts.configFile);
  const configFile = loaded.file;
  // Training opens another folder (its own database, images, key and logs) and other links: from
  // here on, everything this start does is in the folder and to the central of its purpose.
  const place = resolveStationData(baseDir, loaded.config.training.only);
  const training = place.purpose === 'training';
  const config = training ? trainingConfig(loaded.config) : loaded.config;
  opts = training ? trainingOptions(opts, place.dataDir) : opts;
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const log = opts.logger ?? createFileLogger(path.join(opts.dataDir, 'logs'), { clock });
  log.info('core-init', {
    dataDir: opts.dataDir,
    configFile,
    mode: config.mode,
    station: config.station.id,
    purpose: place.purpose,
  });

  const stationKey = loadOrCreateStationKey(opts.dataDir);
  log.info('station-key', { fingerprint: stationKey.fingerprint });
  const db: Db = openDatabase(path.join(opts.dataDir, 'catd.sqlite'));
  try {
    checkDataPurpose(new SettingsStore(db, clock), opts.dataDir, place.purpose);
  } catch (e) {
    db.close();
    throw e;
  }
  if (training) log.info('training-accounts', { copied: copyAccountsForTraining(baseDir, db) });
  const audit = new AuditLog(db, clock);
  const operators = new OperatorStore(db, clock, config.security.pinMinDigits);
  const demoAccounts = config.mode === 'simulated' ? operators.ensureDemoAccounts() : null;
  if (config.mode === 'production' && operators.count() === 0) {
    log.warn('no-operators', { hint: 'catd operators add' });
  }

  // The simulated scanner prints the key of the acta being scanned (set when a scan starts).
  let scanningKey: ActaKey | undefined;
  // ... and carries the acopio label printed for it (its QR: key + acopio stamp).
  let scanningLabelText: string | undefined;
  const scenario = training ? loadTrainingScenario(config, configFile) : null;
  const devices = createDevices(config, clock, log, {
    currentKey: () => scanningKey,
    currentLabelText: () => scanningLabelText,
    ...(scenario
      ? {
          scenario,
          onSheet: (sheet: FedSheet) => log.info('training-sheet', { ...sheet }),
        }
      : {}),
  });
  // A scenario's session plays its events on these devices and, through relays, on the links.
  const run = scenario
    ? await prepareTrainingRun({
        scenario,
        links: config.links,
        simIntakeUrl: opts.simIntakeUrl,
        devices,
        clock,
        log,
        ...(opts.trainingMinuteMs !== undefined ? { minuteMs: opts.trainingMinuteMs } : {}),
      })
    : null;
  const linked = run ? { ...config, links: run.links } : config;
  const links = new LinkMonitor(linked.links, opts.simIntakeUrl, clock, log.child({ part: 'links' }));
  const power = new PowerManager(
    devices.ups,
    devices.plant,
    { minRuntimeSeconds: config.power.minRuntimeMinutes * 60 },
    db,
    audit,
    log.child({ part: 'power' }),
  );
  const blobsDir = path.join(opts.dataDir, 'blobs');
  fs.mkdirSync(blobsDir, { recursive: true, mode: 0o700 });
  // The data folder and the blob folder (they may be different volumes): the worse one shows.
  const storage = new StorageMonitor([opts.dataDir, blobsDir], {
    clock,
    config: config.storage,
    log: log.child({ part: 'storage' }),
  });
  // Wall-clock jumps are audited and shown; the offset to the central is measured by the transmitter.
  const clockWatch = new ClockJumpWatch({ clock, db, audit, log: log.child({ part: 'clock' }) });
  const clockOffset = new ClockOffsetMeter();
  const clockStatus = new StationClockStatus(clock, clockWatch, clockOffset);
  const labelPrinter = await createLabelPrinter(config, clock);
  const printer = labelPrinter.printer;
  printer.onStatus((s) => {
    const fields = { state: s.state, driver: s.driver };
    if (s.health === 'ok') log.info('printer-state', fields);
    else log.warn('printer-state', fields);
  });
  const status = new StatusHub(
    { id: config.station.id, name: config.station.name, mode: config.mode, training },
    { ...devices, storage, printer },
    links,
    power,
    clockStatus,
  );
  let stopCore: () => Promise<void> = async () => {};
  const shell: ShellBridge = opts.shell ?? {
    requestExit: (code) => {
      // Let the HTTP answer go out first, then stop cleanly.
      setTimeout(() => void stopCore().then(() => process.exit(code)), 100);
    },
  };
  // The code reader at acopio (serial or HID read by the core): its scans stream to the screen.
  const codeReader = config.devices.codeReader
    ? createCodeReader(config.devices.codeReader, { clock, logger: log.child({ device: 'code-reader' }) })
    : null;
  codeReader?.start();
  const activity = new Activity();
  const powerOffConfig = config.power.powerOff;
  const powerOff = new ImminentPowerOff({
    config: { command: powerOffConfig.command, pageWaitMs: powerOffConfig.pageWaitSeconds * 1000 },
    clock,
    activity,
    announce: () => power.markPoweringOff(),
    checkpoint: (why) => power.checkpoint('sistema', why),
    audit: (action, details) =>
      db.transaction(() => audit.append('sistema', action, config.station.id, details))(),
    log: log.child({ part: 'power' }),
    // The exit code the kiosk unit does not restart: the OS is on its way down.
    exit: () => shell.requestExit(SUPERVISOR_EXIT_CODE),
  });
  if ((powerOffConfig.enabled ?? config.mode === 'production') && devices.ups instanceof UpsMonitor) {
    devices.ups.onEvent((e) => {
      if (e.type === 'shutdown_imminent') void powerOff.trigger({ ...e.reading });
    });
  }
  const settings = new SettingsStore(db, clock);
  const outbox = new Outbox(db, audit, stationKey, clock, training);
  const blobs = new BlobStore(blobsDir);
  const gate = new QualityGate({ thresholds: config.quality });
  // The workflow calls onQueued after its commit; the bridge to the outbox needs the workflow,
  // so the hook is filled in once both exist.
  const workflowHooks: WorkflowHooks = {};
  const workflow = new ActaWorkflow({
    db,
    clock,
    stationId: config.station.id,
    log: log.child({ part: 'workflow' }),
    hooks: workflowHooks,
  });
  // Built whatever the profile: entries queued under an earlier profile may still need their copies.
  const copies = new TransmissionCopies(
    path.join(opts.dataDir, 'transmit-copies'),
    config.transmit.profile,
    gate,
    log.child({ part: 'transmit-copies' }),
  );
  const actaTransmission = new ActaTransmission(
    workflow,
    outbox,
    blobs,
    log.child({ part: 'acta-transmission' }),
    copies,
  );
  workflowHooks.onQueued = actaTransmission.onQueued;
  const labelStation = {
    catd: config.station.catd,
    station: config.station.id,
    secret: labelSecretOf(stationKey),
  };
  // The label prints after the acopio commit, in the background: acopio never waits for paper.
  const labelPrints = new LabelPrints({
    db,
    audit,
    clock,
    printer,
    station: labelStation,
    findActa: (id) => workflow.find(id),
    log: log.child({ part: 'labels' }),
  });
  labelPrints.recoverInterrupted();
  workflowHooks.onReceived = labelPrints.onReceived;
  workflowHooks.onHeld = actaTransmission.onHeld;
  workflowHooks.onAnnulled = actaTransmission.onAnnulled;
  const previewsDir = path.join(opts.dataDir, 'previews');
  const recovery = await recoverCapture({ workflow, blobs, log, previewsDir });
  log.info('capture-recovery', {
    interrupted: recovery.interruptedScans,
    orphans: recovery.sweep.orphans.length,
  });
  const pipeline = new CapturePipeline({
    workflow,
    blobs,
    gate,
    activity,
    clock,
    log,
    previewsDir,
    previewMark: training ? TRAINING_PREVIEW_MARK : null,
    canStartScan: () => {
      if (run?.session.ended()) return { ok: false, error: 'training.timeUp' };
      const p = power.canStartScan();
      return p.ok ? storage.canStartScan() : p;
    },
    onStorageFailure: (problem) => storage.noteFailure(problem),
  });
  // Space is back: end the scans whose end a full disk could not record (their actas unlock).
  storage.onStatus((s) => {
    if (s.health === 'ok' || s.health === 'warning') pipeline.settleUnfinished();
  });
  pipeline.onProgress((e) => {
    if (e.type !== 'started') return;
    const acta = workflow.find(e.actaId);
    const parsed = acta ? parseActaKey(acta.keyLabel) : null;
    scanningKey = parsed?.ok ? parsed.key : undefined;
    scanningLabelText = acta ? acopioLabelFor(acta, labelStation).qrText : undefined;
  });
  const updates = new Updates({
    activity,
    log: log.child({ part: 'updates' }),
    shell:
      shell.installUpdate && shell.applyUpdate
        ? { download: (v) => shell.installUpdate!(v), apply: (v) => shell.applyUpdate!(v) }
        : undefined,
    channel: config.updates.channel,
    installerStatusFile: shell.updateStatusFile,
    audit: (actor, action, subject, details) =>
      db.transaction(() => audit.append(actor, action, subject, details))(),
  });
  const services: CoreServices = {
    config,
    clock,
    log,
    db,
    operators,
    audit,
    status,
    shell,
    activity,
    updates,
    power,
    outbox,
    mediaExport: new MediaExportJobs(outbox, (sha) => blobs.pathFor(sha)),
    workflow,
    pipeline,
    blobs,
    scanner: devices.scanner,
    dataDir: opts.dataDir,
    stationKey,
    transmitter: null,
    // Through whichever link the transmitter has up (none before enrolment: offline, at once).
    catd: new CatdPeer(
      () => services.transmitter?.activeClient(),
      config.station.name,
      log.child({ part: 'catd' }),
    ),
    actaTransmission,
    codeReader,
    settings,
    vitals: new VitalsMonitor(),
    storage,
    printer,
    labelPrints,
    training: {
      purpose: place.purpose,
      trainingOnly: place.trainingOnly,
      scenario,
      session: run?.session ?? null,
      switchTo: (to, actor, reason) =>
        switchPurpose(
          { baseDir, db, audit, clock, restart: () => (shell.restartCore ?? (() => shell.requestExit(0)))() },
          to,
          actor,
          reason,
        ),
    },
  };
  const sessions = new SessionRegistry(clock, config.ui.language);
  const transmitter = startTransmission(opts, linked, {
    db,
    audit,
    outbox,
    stationKey,
    clock,
    clockOffset,
    log: log.child({ part: 'transmit' }),
    activity,
    training,
    prepare: (entry) => copies.restore(entry, (sha) => blobs.pathFor(sha)),
    scans: blobs,
    health: () => ({
      devices: status.current().devices,
      power: power.current(),
      links: links.list(),
      // What the transmission watchdog could not repair: the central sees it too.
      transmissionAlarms: actaTransmission.alarms().length,
      // What the gate and the verifiers turned away: the central's screens show rates by reason.
      [HEARTBEAT_REJECTIONS_KEY]: heartbeatRejections(workflow.nightReport()),
    }),
  });

  for (const watcher of [...Object.values(devices), storage, printer, links, clockWatch]) watcher.start();
  services.transmitter = transmitter;
  // A supervisor's pause and preferred link outlive a restart.
  if (transmitter) {
    if (settings.get(SETTING_TRANSMIT_PAUSED) === '1') transmitter.pause();
    const preferred = settings.get(SETTING_TRANSMIT_PREFERRED);
    if (preferred) transmitter.prefer(preferred);
  }
  if (transmitter) {
    actaTransmission.transmitter = transmitter;
    transmitter.onEvent((e) => {
      if (e.type === 'delivered') actaTransmission.delivered(e.outboxId, e.link);
    });
  }
  actaTransmission.reconcile();
  actaTransmission.start();
  const acopioReporter = startAcopioReporter({ workflow, peer: services.catd, log, clock });
  const http = await startHttpServer({ port: opts.port, rendererDir: opts.rendererDir, sessions, services });
  db.transaction(() => audit.append('sistema', 'core.start', config.station.id, { port: http.port }))();
  run?.session.start();
  log.info('core-complete', { port: http.port });
  let stopped = false;
  const core: Core = {
    origin: http.origin,
    port: http.port,
    config,
    configFile,
    services,
    demoAccounts,
    mintLaunchToken: () => sessions.mintLaunchToken(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await http.close();
      actaTransmission.stop();
      await acopioReporter.stop();
      clockWatch.stop();
      clockStatus.close();
      await transmitter?.stop();
      await gate.close();
      await codeReader?.stop();
      await links.stop();
      await run?.stop();
      for (const d of Object.values(devices)) await d.stop();
      await storage.stop();
      await printer.stop();
      await labelPrints.idle();
      await labelPrinter.close();
      status.close();
      services.vitals.stop();
      services.updates.stop();
      power.close();
      db.transaction(() => audit.append('sistema', 'core.stop', config.station.id))();
      db.close();
      log.info('core-stop');
      if (!opts.logger) log.close();
    },
  };
  stopCore = () => core.stop();
  return core;
}
