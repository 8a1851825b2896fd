// The real analysis worker, made to misbehave on cue (by the page's width, which a test controls):
// 13 px wide exhausts the worker's heap, 17 px exits the thread. The cue is checked inside the
// real worker's own message listener, by wrapping `on` before it registers: a listener of our own
// added earlier would start the port and take messages posted before the real one was there.
import { parentPort } from 'node:worker_threads';

function misbehave(req) {
  if (req.width === 13) {
    const hog = [];
    for (;;) hog.push(new Array(4096).fill({ width: req.width }));
  }
  if (req.width === 17) process.exit(3);
}

const on = parentPort.on.bind(parentPort);
parentPort.on = (event, listener) =>
  on(
    event,
    event === 'message'
      ? (req) => {
          misbehave(req);
          listener(req);
        }
      : listener,
  );

await import(new URL('../../../../electron/capture/quality/analysis-worker-boot.mjs', import.meta.url).href);
