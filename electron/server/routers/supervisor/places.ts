// The places the console offers for exports and catalogues (detected drives, configured folders,
// the station's export folder), with the CSV files at the top of each: the supervisor picks from
// these instead of typing a path.
import fs from 'node:fs';
import { router, supervisorProcedure } from '../../trpc';
import { placesOf } from './media';

/** Enough for a drive holding a few catalogue versions; a folder with more is not a catalogue drive. */
const MAX_FILES_LISTED = 100;

function csvFilesIn(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((d) => d.isFile() && /\.csv$/i.test(d.name))
      .map((d) => d.name)
      .sort()
      .slice(0, MAX_FILES_LISTED);
  } catch {
    return [];
  }
}

export const placesPanelRouter = router({
  list: supervisorProcedure.query(({ ctx }) =>
    placesOf(ctx.services).map((p) => ({ ...p, csvFiles: csvFilesIn(p.path) })),
  ),
});
