// A Megatec UPS driver on one end of a real socat pty pair, the simulated unit on the other.
import { systemClock } from '../../../../../electron/platform/clock';
import { createMemoryLogger } from '../../../../../electron/platform/logger';
import { UpsMonitor, type UpsTiming } from '../../../../../electron/power/ups/monitor';
import { MegatecTransport } from '../../../../../electron/power/ups/megatec/transport';
import { MegatecSimulator, type MegatecSimCondition } from '../../../../../sim/ups/megatec';
import { startPtyPair, type PtyPair } from '../../../../helpers/pty';

/** Fast timings so silence and reconnects show within a test's few seconds. */
export const FAST_TIMING: UpsTiming = {
  pollIntervalMs: 100,
  staleAfterMs: 600,
  disconnectAfterMs: 1_500,
  reconnectMinMs: 100,
  reconnectMaxMs: 400,
};

export interface MegatecRig {
  pty: PtyPair;
  sim: MegatecSimulator;
  monitor: UpsMonitor;
  log: ReturnType<typeof createMemoryLogger>;
  dispose(): Promise<void>;
}

export async function startMegatecRig(condition: MegatecSimCondition = 'mains'): Promise<MegatecRig> {
  const pty = await startPtyPair();
  const sim = new MegatecSimulator({ path: pty.b, condition });
  await sim.start();
  const log = createMemoryLogger();
  const monitor = new UpsMonitor({
    transport: new MegatecTransport({ path: pty.a, replyTimeoutMs: 300 }),
    clock: systemClock,
    logger: log,
    timing: FAST_TIMING,
  });
  return {
    pty,
    sim,
    monitor,
    log,
    dispose: async () => {
      await monitor.stop();
      await sim.stop();
      await pty.dispose();
    },
  };
}
