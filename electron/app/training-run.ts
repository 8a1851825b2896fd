// What a training start with a scenario adds to the composition: the session that plays the
// scenario's events (electron/training/session.ts), its hands on the simulated devices
// (sim/compose.ts) and on the links (relays a cut can reset, training-links.ts), and the scanner's
// state fed back to it, so a jam's handling is timed from what the scanner itself reports.
import type { Config } from '../station/config';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { TrainingSession } from '../training/session';
import type { Scenario } from '../../shared/training/scenario';
import { simulatedTrainingControls } from '../../sim/compose';
import { relayLinks } from './training-links';
import type { Devices } from './devices';

export interface TrainingRun {
  session: TrainingSession;
  /** The links to compose the link monitor and the transmitter with (through the relays). */
  links: Config['links'];
  stop(): Promise<void>;
}

export async function prepareTrainingRun(deps: {
  scenario: Scenario;
  links: Config['links'];
  simIntakeUrl: string | undefined;
  devices: Devices;
  clock: Clock;
  log: Logger;
  minuteMs?: number;
}): Promise<TrainingRun> {
  const log = deps.log.child({ part: 'training' });
  const relayed = await relayLinks(deps.links, deps.simIntakeUrl, log);
  const controls = simulatedTrainingControls(deps.devices);
  const session = new TrainingSession(deps.scenario, {
    clock: deps.clock,
    log,
    ...(deps.minuteMs !== undefined ? { minuteMs: deps.minuteMs } : {}),
    players: {
      power: (kind) => controls.power(kind),
      link: (name, down) => {
        const relay = relayed.relays.get(name);
        relay?.setDown(down);
        return relay !== undefined;
      },
    },
  });
  const jams = session.timeline.jamSheets.map((j) => j.atSheet);
  if (jams.length && !controls.armJams(jams))
    log.warn('training-event-not-played', { event: 'scannerJam', why: 'not-simulated' });
  const unsubscribe = deps.devices.scanner.onStatus((s) => session.noteScanner(s.state));
  return {
    session,
    links: relayed.links,
    stop: async () => {
      unsubscribe();
      session.stop();
      await relayed.close();
    },
  };
}
