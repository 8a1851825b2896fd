// One part of a night split over several processes (night-split.ts): its stations' actas and
// heartbeats, its receipts counted back to the parent as they come, its figures at the end.
import { runNight, type NightConfig } from './night-load';

type FromParent = { type: 'night'; cfg: NightConfig } | { type: 'go'; startAtEpochMs: number };

const send = (msg: unknown) => new Promise<void>((r) => process.send!(msg, () => r()));
let go: (startAtEpochMs: number) => void = () => {};
const started = new Promise<number>((r) => (go = r));

// In a session of its own (night-split.ts), so nothing else ends it when the bench dies.
process.on('disconnect', () => process.exit(1));
process.on('message', (msg: FromParent) => {
  if (msg.type === 'go') go(msg.startAtEpochMs);
  else void night(msg.cfg);
});

async function night(cfg: NightConfig): Promise<void> {
  // Receipts go to the parent every 50 ms (the parent acts on the night's total: kills a node).
  let receipts = 0;
  const flush = () => {
    if (receipts) process.send!({ type: 'receipts', n: receipts });
    receipts = 0;
  };
  const timer = setInterval(flush, 50);
  const result = await runNight({
    ...cfg,
    onReceipt: () => void receipts++,
    ready: async () => {
      await send({ type: 'prepared' });
      const at = await started;
      await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
    },
  });
  clearInterval(timer);
  flush();
  // Request start times on the wall clock: each process's performance.now() has its own origin.
  const origin = performance.timeOrigin;
  await send({
    type: 'done',
    result: { ...result, manifestStartedAt: result.manifestStartedAt.map((t) => origin + t) },
  });
  process.disconnect();
}
