// Every event the core writes to its log, in one table: its id, its level and what it means.
// Ids are stable: a supervisor's exported log, a support script's grep and the table in
// docs/log-events.md (generated from this file by `npm run docs`) all key on
// them, so an id is renamed only with a note in the operations docs. The logger is typed against
// this table: `log.info('x')` compiles only if 'x' is an info event here, so a misspelt or new id
// fails the typecheck until it is catalogued. tests/electron/platform/log-events.test.ts checks
// that every id the source writes is here and every id here is still written somewhere.
// Meanings are for engineers (English); fields a line carries are named in parentheses.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEventSpec {
  /**
   * Usually one level. A list only for an event whose level follows what it reports (the disk
   * tile: info when it is fine again, warn otherwise); such an id is accepted by each of them.
   */
  readonly level: LogLevel | readonly [LogLevel, ...LogLevel[]];
  /** One line: what happened, and the fields the line carries. */
  readonly meaning: string;
}

export const LOG_EVENTS = {
  // The core's life
  'core-init': {
    level: 'info',
    meaning: 'The core is starting (dataDir, configFile, mode, station, purpose: production or training).',
  },
  'training-switch': {
    level: 'info',
    meaning: 'A supervisor switched the station into or out of training (to, supervisor); the core restarts.',
  },
  'training-sheet': {
    level: 'info',
    meaning:
      "Training: the simulated scanner fed a scenario's sheet (sheetNo, keyId, defect: the scenario's truth).",
  },
  'training-session-start': {
    level: 'info',
    meaning:
      "A training scenario's session started its clock (scenario, kind, minuteMs: real ms per scenario minute, events).",
  },
  'training-session-end': {
    level: 'info',
    meaning:
      "The scenario's time limit passed (scenario, atMs): no more acopio or scans in this training session.",
  },
  'training-event': {
    level: 'info',
    meaning:
      "Training: one of the scenario's events happened on the station (index, event, link, atMs from the session start).",
  },
  'training-event-handled': {
    level: 'info',
    meaning:
      'Training: an event was handled — a jam cleared by the trainee (reactionMs), or a cut link back (link).',
  },
  'training-event-not-played': {
    level: 'warn',
    meaning:
      'Training: an event could not be played (index, event, why: not-simulated — a real device the trainer must fault by hand — or no-such-link).',
  },
  'training-link-relay': {
    level: 'info',
    meaning: "Training: a link goes through a loopback relay a scenario's linkDown can cut (link, port).",
  },
  'training-accounts': {
    level: 'info',
    meaning: "A training start copied the station's accounts its training database lacked (copied).",
  },
  'station-key': {
    level: 'info',
    meaning: "The station's Ed25519 signing key is loaded or was just created (fingerprint).",
  },
  'no-operators': {
    level: 'warn',
    meaning: 'Production mode with no operator accounts: nobody can sign in until one is added (hint).',
  },
  'capture-recovery': {
    level: 'info',
    meaning:
      'Start-up recovery of interrupted scans and stray image files is done (interrupted, orphans, ...).',
  },
  'core-complete': {
    level: 'info',
    meaning: 'The core has started and serves the screens on loopback (port).',
  },
  'core-stop': { level: 'info', meaning: 'The core has stopped; this is its last line.' },

  // The log itself
  'log-rotated': {
    level: 'info',
    meaning:
      'First line of a fresh catd.log: the previous one reached its size limit and became catd.log.1 (maxBytes, keep).',
  },
  'log-lines-dropped': {
    level: 'warn',
    meaning:
      'Log lines could not be written (disk full, read-only) and were dropped; writing works again (dropped, error).',
  },

  // Sessions, roles and the RPC
  'auth-session-created': {
    level: 'info',
    meaning: 'The shell exchanged its start-up token for a session cookie.',
  },
  'auth-token-refused': {
    level: 'warn',
    meaning: 'A session was asked for with a missing or wrong start-up token (method).',
  },
  'request-foreign-origin': {
    level: 'warn',
    meaning: 'A request came with a foreign Host or Origin (DNS rebinding?) and was refused (host, origin).',
  },
  'rpc-error': {
    level: 'error',
    meaning: 'An RPC call failed with an unexpected error: a bug (path, message, stack).',
  },
  'login-complete': { level: 'info', meaning: 'An operator signed in (operator, role).' },
  'login-refused': {
    level: 'warn',
    meaning:
      'A sign-in was refused: wrong operator or PIN, or locked out after too many tries (operator, code).',
  },
  'session-inactive': {
    level: 'info',
    meaning: 'An operator was idle past the inactivity limit: signed out and audited (operator).',
  },
  'role-denied': {
    level: 'warn',
    meaning: 'A supervisor-only call was made without a supervisor role or elevation (operator, role).',
  },
  'pin-change-refused': {
    level: 'warn',
    meaning:
      'An operator asked to change their PIN was refused: new PIN too short, wrong current PIN, or locked out (operator, code).',
  },
  'pin-change-complete': {
    level: 'info',
    meaning: 'An operator changed their own PIN (one shorter than their role now asks) (operator).',
  },
  'elevation-complete': {
    level: 'info',
    meaning:
      "A supervisor's PIN elevated an operator's screen for supervisor actions (supervisor, operator).",
  },
  'kiosk-exit': {
    level: 'info',
    meaning: 'A supervisor approved leaving the kiosk; the shell is asked to exit (supervisor, operator).',
  },
  'console-override': {
    level: 'info',
    meaning:
      'A supervisor action from the console was carried out and audited (action, subject, supervisor, operator).',
  },

  // Acopio and the acta workflow
  'workflow-receive': {
    level: 'info',
    meaning: 'An acta was received at acopio (actaId, outcome: received, conflict or outOfCatalogue).',
  },
  'workflow-catalogue-invalid': {
    level: 'warn',
    meaning: 'A catalogue of expected casillas was refused: it has errors (errors: how many).',
  },

  // Capture: the scan pipeline
  'capture-scan-refused': {
    level: 'info',
    meaning:
      'A scan was not started: the acta, the power or the disk does not allow it now (actaId, reason).',
  },
  'capture-scan-init': { level: 'info', meaning: 'A scan of an acta started (actaId, scanNo).' },
  'capture-scan-cancel': {
    level: 'info',
    meaning:
      'The operator cancelled a running scan (F10/Esc): the scanner is stopped, the acta keeps its state (actaId).',
  },
  'capture-paused-power': {
    level: 'warn',
    meaning:
      'Power turned critical mid-batch: the feeder was stopped after a stored page (actaId, scanNo, position, reason).',
  },
  'capture-paused': {
    level: 'warn',
    meaning:
      'The disk fell below its floor mid-batch: the feeder was stopped after a stored page (actaId, scanNo, position, reason).',
  },
  'capture-page-failed': {
    level: 'error',
    meaning:
      'A scanned page could not be stored (disk full, read-only, ...); the feeder was stopped (actaId, scanNo, position, error).',
  },
  'capture-scan-failed': {
    level: 'error',
    meaning:
      'A scan ended on an unexpected error: a bug; the scan ends as a fault, stored pages kept (actaId, scanNo, error).',
  },
  'capture-scan-end-deferred': {
    level: 'error',
    meaning:
      "The database could not record a scan's end (disk full); it is recorded once writes work (actaId, scanNo, error).",
  },
  'capture-scan-end-settled': {
    level: 'info',
    meaning: 'A deferred scan end was recorded after the disk recovered (actaId, scanNo, outcome).',
  },
  'capture-scan-end-lost': {
    level: 'error',
    meaning: 'A deferred scan end could not be recorded: the acta changed meanwhile (actaId, scanNo, error).',
  },
  'capture-scan-complete': {
    level: 'info',
    meaning: 'A scan of an acta ended (actaId, scanNo, result, pages).',
  },
  'capture-preview-failed': {
    level: 'warn',
    meaning: "A page's preview image could not be made; the stored original is unaffected (sha256, error).",
  },
  'capture-scan-interrupted': {
    level: 'warn',
    meaning:
      'At start-up: a scan was still marked running (the core stopped mid-scan); it was ended (actaId, scanNo, pagesKept).',
  },
  'capture-orphan-files': {
    level: 'warn',
    meaning:
      'At start-up: image files with no page row were found in the blob folder; they are kept (count, files).',
  },
  'capture-temp-removed': {
    level: 'info',
    meaning: 'At start-up: temp files of interrupted image writes were removed (count).',
  },
  'capture-preview-temp-removed': {
    level: 'info',
    meaning: 'At start-up: temp files of interrupted preview writes were removed (count).',
  },

  // Scanners
  'scanner-state': {
    level: 'info',
    meaning: 'The scanner changed state, e.g. ready → jam (driver, from, to, error).',
  },
  'scanner-scan-init': {
    level: 'info',
    meaning: 'The scanner driver started a batch from the feeder (driver, and the scan options).',
  },
  'scanner-scan-complete': {
    level: 'info',
    meaning: 'The scanner driver finished a batch (driver, outcome, pages, error, ms).',
  },
  'scanner-scan-bug': {
    level: 'error',
    meaning: 'A scanner driver threw during a batch: a bug; the batch ends as failed (driver, error).',
  },
  'scanner-cancel': {
    level: 'info',
    meaning: 'A batch is being cancelled (driver, pages delivered so far).',
  },
  'scanner-cancel-failed': {
    level: 'warn',
    meaning: 'Cancelling a batch at the device failed; the batch still ends (driver, error).',
  },
  'scanner-sane-spawn': { level: 'info', meaning: 'scanimage was started for a batch (args).' },
  'scanner-sane-failed': {
    level: 'warn',
    meaning: 'scanimage ended with an error; its stderr says why (code, signal, stderr).',
  },
  'scanner-escl-busy': {
    level: 'info',
    meaning: 'The eSCL scanner answered busy (503); the job is retried after a pause (delayMs).',
  },
  'scanner-escl-job': { level: 'info', meaning: 'The eSCL scanner accepted a scan job (job: its URL).' },
  'scanner-escl-delete': {
    level: 'info',
    meaning: 'An eSCL scan job was deleted at the device, releasing the feeder (job, answer).',
  },
  'scanner-hot-folder-rejected': {
    level: 'warn',
    meaning:
      'A file in the hot folder is not a usable page; it was moved to the rejected folder (file, reason).',
  },
  'scanner-hot-folder-move-failed': {
    level: 'warn',
    meaning: 'A hot-folder file could not be moved out of the folder after reading (file, error).',
  },
  'scanner-sim-page-source-failed': {
    level: 'error',
    meaning: 'Simulated mode only: the simulated scanner could not produce a page image (index, error).',
  },

  // Acopio label printer
  'label-print': {
    level: 'info',
    meaning: "An acta's acopio label was handed to the printer (actaId, printId, reprint, printer, ms).",
  },
  'label-print-failed': {
    level: 'warn',
    meaning:
      "An acta's acopio label did not print; the acta stays received and the label can be printed again (actaId, printId, state, detail). At start-up, state 'interrupted' with a count: labels that were printing when the station stopped, now shown as not printed.",
  },
  'label-reprint': {
    level: 'info',
    meaning: 'A supervisor asked for a reprint of an acopio label, marked REIMPRESIÓN (actaId, by).',
  },
  'printer-state': {
    level: ['info', 'warn'],
    meaning:
      'The label printer changed state: ready (info), or paper_out, head_open, paused, offline, error (warn) (state, driver).',
  },
  // Code readers (QR / barcode)
  'reader-connected': { level: 'info', meaning: 'The code reader is open and reading (driver).' },
  'reader-open-failed': {
    level: 'warn',
    meaning: 'The code reader could not be opened; retried with backoff (driver, reason, message).',
  },
  'reader-disconnected': {
    level: 'warn',
    meaning: 'The code reader went away (unplugged); reopened with backoff (driver, message).',
  },
  'reader-port-error': {
    level: 'warn',
    meaning: "The serial code reader's port reported an error (driver, message).",
  },
  'reader-loop-crashed': {
    level: 'error',
    meaning: "The HID code reader's loop threw: a bug; the reader shows as disconnected (driver, message).",
  },

  // Power: the manager, the UPS, the plant
  'power-level': {
    level: 'info',
    meaning:
      "The station's power level changed: mains, plant, battery, critical or unknown (from, to, runtime).",
  },
  'power-off-init': {
    level: 'warn',
    meaning:
      'The UPS announced it will cut the load: no new scan or sheet starts, the page being written is awaited, then the database is checkpointed and the OS asked to power off (ups).',
  },
  'power-off-complete': {
    level: 'info',
    meaning:
      'The OS accepted the power-off request; the core stops cleanly (waitedMs: the wait for the page being written).',
  },
  'power-off-refused': {
    level: 'error',
    meaning:
      'The power-off command failed (code, output): the station stays up, refusing scans; the technician checks the polkit rule or power.powerOff.command (docs/operations.md).',
  },
  'power-checkpoint': {
    level: 'info',
    meaning:
      'The SQLite WAL was folded into the database so a hard power cut loses nothing (why, busy, log, checkpointed).',
  },
  'ups-monitor-init': { level: 'info', meaning: 'UPS monitoring started.' },
  'ups-monitor-complete': { level: 'info', meaning: 'UPS monitoring stopped (the core is stopping).' },
  'ups-connect-complete': {
    level: 'info',
    meaning: 'The link to the UPS is open (name: the unit, if it says).',
  },
  'ups-state-changed': {
    level: 'info',
    meaning: 'The UPS state the operator sees changed, e.g. online → on_battery (from, to, lastError).',
  },
  'ups-link-lost': {
    level: 'warn',
    meaning: 'The UPS link failed (unplugged, port error); it is closed and reopened (code, detail).',
  },
  'ups-no-answer-reopen': {
    level: 'warn',
    meaning: 'The UPS has not answered for too long; the link is closed and reopened (code, silentForMs).',
  },
  'ups-data-stale': {
    level: 'warn',
    meaning: 'The UPS gave no usable answer; readings are shown as not current (code, detail, silentForMs).',
  },
  'ups-reconnect-scheduled': {
    level: 'info',
    meaning: 'The UPS link failed; the next reopen is scheduled (attempt, delayMs, code, detail).',
  },
  'ups-close-failed': {
    level: 'warn',
    meaning: 'Closing the UPS link failed; it is dropped anyway (error).',
  },
  'ups-driver-threw': {
    level: 'error',
    meaning: 'A UPS driver threw instead of answering a failure: a bug; treated as a link fault (error).',
  },
  'ups-monitor-bug': {
    level: 'error',
    meaning: 'The UPS polling loop threw: a bug; polling resumes after the longest backoff (error).',
  },
  'ups-listener-threw': {
    level: 'error',
    meaning: 'Code listening to UPS events threw: a bug; the other listeners still run (error).',
  },
  'ups-event-mains-lost': { level: 'info', meaning: 'The UPS reports mains power lost: on battery.' },
  'ups-event-mains-restored': { level: 'info', meaning: 'The UPS reports mains power back.' },
  'ups-event-battery-low': { level: 'info', meaning: 'The UPS reports a low battery.' },
  'ups-event-shutdown-imminent': {
    level: 'info',
    meaning: 'The UPS announces shutdown, or is on battery with a low battery: save work now.',
  },
  'ups-event-communication-lost': {
    level: 'info',
    meaning: 'The UPS, which had answered before, no longer does.',
  },
  'ups-event-communication-restored': { level: 'info', meaning: 'The UPS answers again.' },
  'ups-event-data-stale': {
    level: 'info',
    meaning: 'The UPS readings stopped being current (no usable answer for a while).',
  },
  'plant-connect-init': {
    level: 'info',
    meaning: "Opening the emergency plant controller's Modbus RTU port (unitId, baudRate).",
  },
  'plant-connect-complete': { level: 'info', meaning: 'The plant controller port is open.' },
  'plant-connect-failed': {
    level: 'warn',
    meaning: 'The plant controller port could not be opened; retried with backoff (reason, message).',
  },
  'plant-state-changed': {
    level: 'info',
    meaning: 'The plant state or its alarms changed (state, alarms, mainsPresent, lowFuel).',
  },
  'plant-poll-failed': {
    level: 'warn',
    meaning: 'A poll of the plant controller got no usable answer (reason, missed: in a row).',
  },
  'plant-register-refused': {
    level: 'warn',
    meaning: 'The controller refused to read a register block (Modbus exception) (block, code).',
  },
  'plant-port-error': {
    level: 'warn',
    meaning: "The plant controller's serial port reported an error (message).",
  },
  'plant-disconnected': {
    level: 'warn',
    meaning:
      'The plant controller is lost (port gone or too many missed polls); reopened with backoff (reason).',
  },
  'plant-loop-crashed': {
    level: 'error',
    meaning: "The plant monitor's loop threw: a bug; the plant shows as disconnected (message).",
  },
  'plant-monitor-stopped': { level: 'info', meaning: 'Plant monitoring stopped (the core is stopping).' },

  // Storage, clock, updates
  'storage-state': {
    level: ['info', 'warn'],
    meaning:
      'The disk tile changed state: writable (info), or space_low, space_critical, read_only, error (warn) (state, freeMegabytes, totalMegabytes, freePercent).',
  },
  'storage-statfs-failed': {
    level: 'warn',
    meaning: 'Free space of a data folder could not be read; the disk tile shows a fault (dir, error).',
  },
  'clock-jump': {
    level: 'warn',
    meaning:
      'The wall clock jumped (set by hand, NTP, a dead CMOS battery); audited and shown (from, to, deltaMs).',
  },
  'update-state': {
    level: 'info',
    meaning:
      'The update moved to a phase: available, downloading, verifying, verified, deferred, installing, rejected, ... (phase, version, problem).',
  },
  'update-deferred': {
    level: 'info',
    meaning:
      'An approved, verified update waits for the scan or upload in progress to end before it is installed (version, busy).',
  },

  // The central's own screens (central/panel-routes.ts), logged in the central's data folder
  'central-original-requested': {
    level: 'info',
    meaning:
      "A central operator asked for the scanned originals of an acta sent as copies (operatorId, actaKey, pages); each station is told in its next heartbeat's answer.",
  },
  'central-operator-sign-in': {
    level: 'info',
    meaning: "A central operator signed in to the central's screens (operatorId).",
  },
  'central-operator-sign-in-refused': {
    level: 'warn',
    meaning:
      "A sign-in to the central's screens was refused: wrong password or id, or the id is locked for five minutes (operatorId, error, lockedUntil).",
  },
  'central-operator-sign-out': {
    level: 'info',
    meaning: "A central operator signed out of the central's screens (operatorId).",
  },

  // Transmission: outbox, links, receipts, media
  'transmit-sim-enrol-failed': {
    level: 'warn',
    meaning: 'Simulated mode: enrolling with the simulated central failed; transmission stays off (error).',
  },
  'transmit-not-enrolled': {
    level: 'warn',
    meaning: "The central's public key is not installed: transmission stays off until enrolment (hint).",
  },
  'transmit-no-links': {
    level: 'warn',
    meaning: 'No transmission link is configured: transmission stays off.',
  },
  'catd-acopio-elsewhere': {
    level: 'info',
    meaning:
      'At acopio the central said another station of the CATD received this key first (keyId, stations): recorded en_conflicto.',
  },
  'catd-acopio-offline': {
    level: 'warn',
    meaning:
      "At acopio the central did not answer in time or refused (keyId, reason): the acopio went on as before, without the CATD's check.",
  },
  'catd-report-sent': {
    level: 'info',
    meaning:
      'An acopio the central did not hear of at the time reached it later (actaId, keyId); no other station of the CATD had the key first.',
  },
  'catd-later-elsewhere': {
    level: 'warn',
    meaning:
      'Another station of the CATD received, after this one, a key this station had first (actaId, keyId, station): learnt from the CATD view, audited once as acta.catdLater and listed in the supervisor console.',
  },
  'catd-later-failed': {
    level: 'error',
    meaning:
      "The CATD view's later acopios (another station received this station's keys after it) could not be recorded (error); the next view repeats them.",
  },
  'catd-report-elsewhere': {
    level: 'warn',
    meaning:
      "A late acopio report found the key received first at another station of the CATD (actaId, keyId, stations, outcome): 'conflict' put it en_conflicto for the supervisor, 'notice' only audited it (already queued or sent).",
  },
  'catd-report-retry': {
    level: 'warn',
    meaning:
      'A late acopio report failed with a link up (actaId, reason, next): tried again at next, backing off.',
  },
  'catd-report-refused': {
    level: 'warn',
    meaning:
      'The central will never take this acopio report (actaId, keyId, reason, e.g. other_catd): closed.',
  },
  'catd-report-failed': {
    level: 'error',
    meaning: 'A round of late acopio reports threw (error): the next round tries again.',
  },
  'catd-view-offline': {
    level: 'warn',
    meaning:
      "The CATD's counts could not be read from the central (reason): the Tablero shows this station's own.",
  },
  'transmit-init': { level: 'info', meaning: 'The transmitter started (links, by name).' },
  'transmit-complete': { level: 'info', meaning: 'The transmitter stopped (the core is stopping).' },
  'outbox-retries-rebased': {
    level: 'warn',
    meaning: 'Retries scheduled implausibly far ahead (clock set back while off) were pulled in (actas).',
  },
  'transmit-cancelled': {
    level: 'info',
    meaning: 'An upload in flight was cut short: a supervisor held or annulled its acta (outboxId, actaKey).',
  },
  'transmit-internal': {
    level: 'error',
    meaning:
      'Sending an acta failed on an unexpected error: a bug; retried after the longest backoff (outboxId, error).',
  },
  'acta-delivered': {
    level: 'info',
    meaning:
      'The central answered with a signed receipt: the acta is delivered (actaKey, link, receiptId, replayed).',
  },
  'acta-dead-letter': {
    level: 'warn',
    meaning:
      'An acta will not be retried (the central refused it for good); a supervisor decides (actaKey, error).',
  },
  'link-circuit-open': {
    level: 'warn',
    meaning:
      "A link's circuit breaker opened after failures; it is not used until it recovers (link, reason, openUntil).",
  },
  'link-circuit-closed': {
    level: 'info',
    meaning: "A link's circuit breaker closed: the link answers again (link).",
  },
  'link-switch': {
    level: 'info',
    meaning: 'Transmission moved to another link, or to none (from, to, reason).',
  },
  'original-sent': {
    level: 'info',
    meaning: 'A scanned original the central asked for reached it whole (sha256, size, link).',
  },
  'original-upload-failed': {
    level: 'warn',
    meaning:
      "Sending a scanned original the central asked for failed (sha256, link, outcome, error); the next heartbeat's answer asks again.",
  },
  'original-request-refused': {
    level: 'warn',
    meaning:
      'The central asked for a file this station never named as an original in its own signed manifests (reason not_an_original), or the scanned file is gone from this station (missing_here): nothing is sent.',
  },
  'heartbeat-failed': {
    level: 'warn',
    meaning: 'A heartbeat to the central got no valid answer (link, status).',
  },
  'link-up': {
    level: 'info',
    meaning: "A link's probe succeeds again: connected (link, from, to, error).",
  },
  'link-down': {
    level: 'info',
    meaning: "A link's probe stopped succeeding, e.g. connected → unreachable (link, from, to, error).",
  },
  'acta-enqueued': {
    level: 'info',
    meaning: 'A verified acta was put in the outbox for transmission (actaId, outboxId).',
  },
  'transmit-copy-temp-removed': {
    level: 'info',
    meaning:
      'At start-up: temp files of transmission copies or their records left by an interrupted write were removed (count, files); finished copies, records and the scans are never touched.',
  },
  'transmit-copy-init': {
    level: 'info',
    meaning:
      "An acta's pages are being derived into their transmission copies (transmit.profile) before it is enqueued (actaKey, pages, format, quality).",
  },
  'transmit-copy-complete': {
    level: 'info',
    meaning:
      'Every page of an acta is decided: copy or scan; bytes it would weigh as scanned and as sent (actaKey, pages, scannedBytes, sentBytes, ms).',
  },
  'transmit-copy-fallback': {
    level: 'warn',
    meaning:
      "A page travels as scanned instead of as its copy: unsuitable (the gate rejects the copy), keyLost (the copy's QR no longer gives the acta key) or notSmaller (actaKey, page, reason, detail).",
  },
  'transmit-copy-restored': {
    level: 'info',
    meaning:
      "A queued acta's transmission copy was missing and was derived again from its scan to the signed bytes (actaKey, page).",
  },
  'transmit-copy-unrestorable': {
    level: 'warn',
    meaning:
      "A queued acta's transmission copy is missing and deriving it again did not give the signed bytes (another encoder version) or failed; the attempt fails as imageMissing (actaKey, page, detail).",
  },
  'transmit-copy-failed': {
    level: 'error',
    meaning:
      "Deriving an acta's transmission copies failed (disk, unreadable scan); the watchdog tries again at its next pass (actaId, actaKey, error).",
  },
  'acta-enqueue-failed': {
    level: 'error',
    meaning:
      'A verified acta could not be put in the outbox; it is retried at the next reconcile (actaId, error, detail).',
  },
  'acta-ack-failed': {
    level: 'error',
    meaning:
      "A delivered acta's receipt could not be recorded on the acta; retried at the next reconcile (outboxId, actaKey, error).",
  },
  'acta-annulled-unsent': {
    level: 'info',
    meaning: 'An annulled acta record was still in the outbox: it will never be sent (key, actaId).',
  },
  'acta-transmission-reconciled': {
    level: 'info',
    meaning:
      'The transmission watchdog brought actas and the outbox back in step (enqueued, acknowledged, holdsFixed).',
  },
  'transmission-alarm': {
    level: 'error',
    meaning:
      'The transmission watchdog found what it cannot repair; shown to the supervisor until it clears (kind, actaId, actaKey, outboxId).',
  },
  'transmission-watchdog-failed': {
    level: 'error',
    meaning:
      'A transmission watchdog pass failed on an unexpected error: a bug; the next pass tries again (error).',
  },
  'media-export': {
    level: 'info',
    meaning: 'A supervisor exported the outbox to removable media (ok); details are in the audit log.',
  },
} as const satisfies Record<string, LogEventSpec>;

export type LogEventId = keyof typeof LOG_EVENTS;

type LevelsOf<K extends LogEventId> = (typeof LOG_EVENTS)[K]['level'] extends infer V
  ? V extends readonly LogLevel[]
    ? V[number]
    : V
  : never;

/**
 * The ids catalogued at `level`: what `log.info`, `log.warn` and `log.error` accept. For a level
 * known only as a union (`log(ok ? 'info' : 'warn', id)`) the id must be catalogued at each.
 */
export type LogEventAt<L extends LogLevel> = {
  [K in LogEventId]: [L] extends [LevelsOf<K>] ? K : never;
}[LogEventId];

export function isLogEventId(id: string): id is LogEventId {
  return Object.hasOwn(LOG_EVENTS, id);
}

/** The levels an event is catalogued at (one, but for the few listed with several). */
export function levelsOf(id: LogEventId): readonly LogLevel[] {
  const level: LogEventSpec['level'] = LOG_EVENTS[id].level;
  return typeof level === 'string' ? [level] : level;
}
