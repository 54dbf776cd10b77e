/**
 * The in-process paper venue (`venue: paper`): the venue port over the matching engine, with declared
 * capabilities and its own SQLite store, so an engine killed mid-flow reconciles against it after restart.
 */
import { PaperVenue } from './paper-venue';
import type { PaperVenueOptions } from './options';

export { PaperVenue, paperCapabilities } from './paper-venue';
export { defaultPaperAccounts, type PaperVenueOptions } from './options';
export { paperInstruments } from './instruments';

export function createPaperVenue(options: PaperVenueOptions): PaperVenue {
  return new PaperVenue(options);
}
