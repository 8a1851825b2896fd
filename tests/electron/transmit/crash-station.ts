// The station's transmission side alone in a process, so a test can SIGKILL it at any instant.
// Usage: tsx crash-station.ts STATION_DIR CENTRAL_DIR PRIMARY_URL BACKUP_URL
import { openStationSide, startTransmitter } from './fixtures';

const [stationDir, centralDir, primary, backup] = process.argv.slice(2) as [string, string, string, string];
const station = openStationSide(stationDir, centralDir);
const { tx, events } = startTransmitter(station, { primary, backup }, { chunkBytes: 16 * 1024 });
console.log('started');
tx.onEvent((e) => {
  if (e.type === 'delivered') console.log(`delivered ${e.actaKey}`);
});
const timer = setInterval(() => {
  if (station.outbox.counts().pending === 0) {
    clearInterval(timer);
    void tx.stop().then(() => {
      station.close();
      console.log(`drained after ${events.length} events`);
      process.exit(0);
    });
  }
}, 50);
