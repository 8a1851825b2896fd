import type { CoreMessages, Messages } from './es-MX';
import { enScanner } from './scanner';
import { enPlant } from './plant';
import { enReaders } from './readers';
import { enUps } from './ups';
import { enQuality } from './quality';
import { enTransmit } from './transmit';
import { enWorkflow } from './workflow';

const enCore: CoreMessages = {
  app: {
    title: 'CATD Workstation',
    subtitle: 'Preliminary Election Results Program',
    simulated: 'SIMULATED MODE',
  },
  login: {
    heading: 'Sign in',
    operatorId: 'Operator ID',
    pin: 'PIN',
    submit: 'Sign in',
    working: 'Checking…',
    hint: 'Type your ID and PIN; press Enter to sign in.',
    error: {
      badCredentials: 'Wrong ID or PIN. Check and try again.',
      lockedCountdown:
        'Account locked after failed attempts. You can try again in {{time}}, or ask the supervisor.',
      lockOver: 'The lock is over: you can try again.',
      locked: 'Account locked after failed attempts. Try again at {{until}} or ask the supervisor.',
      idRequired: 'Type your operator ID.',
      idTooLong: 'The operator ID is too long (32 characters at most).',
      idChars: 'The operator ID allows only letters, digits, dot, hyphen and underscore.',
      pinDigits: 'The PIN allows only digits.',
      pinShort: 'The PIN has at least 4 digits.',
      pinLong: 'The PIN has at most 12 digits.',
    },
  },
  auth: {
    error: {
      loginRequired: 'Your session ended. Sign in again.',
      sessionEnded:
        "This window's session ended (the workstation restarted). Open the new link from the terminal (the «UI:» line).",
      inactive: 'The session was closed after inactivity. Sign in again.',
      supervisorOnly: 'Only the supervisor can do this.',
    },
  },
  error: {
    internal: 'The workstation hit an internal error. It was logged; tell the supervisor.',
    badInput: 'Some input is not valid. Check what you typed.',
    network: 'The screen lost contact with the workstation core. Retrying…',
  },
  home: {
    welcome: 'Session of {{name}}',
    role: { operador: 'Operator', supervisor: 'Supervisor' },
    logout: 'Sign out',
    language: 'Español',
    shortcuts: 'Shortcuts: Alt+S sign out · Alt+I switch language',
    devices: 'Devices and links',
    since: 'since {{time}}',
    auditHeading: 'Audit log',
    auditVerify: 'Verify the audit chain',
    auditOk: 'Audit log intact: {{count}} entries verified.',
    auditBroken: 'Audit log altered at entry {{seq}}: {{reason}}.',
    live: 'Live',
    stale: 'No updates from the core',
  },
  supervisor: {
    title: 'Supervisor console',
    open: 'Ctrl+Alt+S: supervisor console',
    id: 'Supervisor ID',
    pin: 'Supervisor PIN',
    reason: 'Reason (kept in the audit log)',
    enter: 'Enter as supervisor',
    elevated:
      'Supervisor: {{name}}. Each action needs a reason and is logged; closing the console ends the access.',
    exitKiosk: 'Exit kiosk mode',
    cancel: 'Cancel (Esc)',
    exiting: 'Leaving kiosk mode…',
    error: {
      badCredentials: 'Wrong supervisor ID or PIN.',
      reasonShort: 'Write a reason of at least 5 characters.',
      reasonLong: 'The reason is too long (500 characters at most).',
    },
  },
  update: {
    heading: 'Software update',
    available: 'An update is available: version {{version}}.',
    none: 'No pending updates.',
    unsupported: 'Updates are installed only on the workstation (not in web mode).',
    approve: 'Approve and install version {{version}}',
    phase: {
      downloading: 'Downloading the update…',
      verifying: 'Checking the update signature…',
      installing: 'Installing: the workstation will restart.',
      rejected: 'Update refused: its signature is not the project’s. Nothing was installed.',
      failed: 'The update failed. The current version stays in use.',
    },
    error: {
      busy: 'Cannot update while an acta is being scanned or sent. Try when it is done.',
      none: 'That update is no longer available.',
      noShell: 'In web mode there is nothing to update.',
      signature: 'The update signature is not valid.',
      failed: 'The update could not be downloaded or installed.',
    },
  },
  doctor: {
    heading: 'Diagnosis of workstation {{station}}',
    codeReader: 'Code reader',
    reader: { connected: 'Connected', disconnected: 'Disconnected' },
    simIntakeNote:
      'Note: "sim:intake" links only work with npm start, which runs the simulated intake server.',
    allOk: 'All in order.',
    problems: '{{count}} item(s) in fault or offline: see the details above.',
  },
  power: {
    banner: {
      battery: 'Mains power is out: the workstation runs on the UPS battery ({{runtime}}). Work goes on.',
      critical:
        'Battery almost empty ({{runtime}}): no new scans start. Everything saved is safe. Tell the supervisor.',
      plant: 'Mains power is out: the emergency plant powers the workstation.',
      unknown: 'No data from the UPS: check its cable. If power fails, the workstation cannot warn in time.',
      lowFuel: 'Low fuel in the plant: tell the supervisor.',
      runtime: '{{minutes}} min left',
      runtimeUnknown: 'runtime unknown',
    },
    refuse: {
      critical: 'A scan cannot start: the battery is almost empty. Wait for power to come back.',
    },
    shutdown: 'Controlled shutdown of the workstation',
    shuttingDown: 'Shutting down: the database is saved.',
  },
  status: {
    label: {
      scanner: 'Scanner',
      ups: 'UPS',
      plant: 'Emergency plant',
      primary: 'Primary link',
      backup: 'Backup link',
    },
    device: {
      ready: 'Ready',
      scanning: 'Scanning',
      jammed: 'Paper jam',
      feeder_empty: 'Feeder empty',
      cover_open: 'Cover open',
      disconnected: 'Disconnected',
      error: 'Error',
      online: 'Online',
      on_battery: 'On battery',
      battery_low: 'Battery low',
      replace_battery: 'Replace battery',
      overload: 'Overload',
      bypass: 'On bypass',
      fault: 'Fault',
      data_stale: 'No recent data',
      standby: 'Standby',
      starting: 'Starting',
      running: 'Running',
      alarm: 'Alarm',
      not_installed: 'Not installed',
    },
    link: {
      connected: 'Connected',
      slow: 'Slow',
      offline: 'Offline',
      not_intake: 'Another service answers',
      not_configured: 'Not configured',
      checking: 'Checking…',
    },
    value: {
      chargePercent: 'Charge {{v}} %',
      runtimeSeconds: 'Runtime {{v}} min',
      loadPercent: 'Load {{v}} %',
      sheetsInFeeder: '{{v}} sheets in feeder',
      fuelPercent: 'Fuel {{v}} %',
      mainsVoltage: 'Mains {{v}} V',
      latencyMs: 'Response {{v}} ms',
    },
  },
  link: {
    error: {
      timeout: 'The central intake did not answer in time.',
      unreachable: 'The central intake cannot be reached (network or server down).',
      notIntake: 'Something that is not the central intake answers (captive portal or proxy?).',
      simNotRunning: 'The simulated intake server is not running (use npm start).',
    },
  },
};

export const en: Messages = {
  ...enCore,
  ...enScanner,
  ...enPlant,
  ...enReaders,
  ...enUps,
  ...enQuality,
  ...enTransmit,
  ...enWorkflow,
};
