import type { OrderRequest, TimeInForce, VenueCapabilities } from '../../core';
import { needsEmulation, releasedType } from './release';
import { emulatesExpiry } from './venue-shape';

/**
 * Why the venue cannot work the order's time in force, or undefined when it can. Judged on the order the venue
 * will actually get: an emulated stop goes out as its released type (a released market order always goes as
 * IOC, so any time in force is fine there), and a GTD or DAY the engine keeps itself is sent as GTC. A type
 * for which the venue declares no list is left to the venue. Lets the API refuse up front, naming the field,
 * rather than journal an order the venue will reject (issue 15, item 10).
 */
export function timeInForceRefusal(request: OrderRequest, capabilities: VenueCapabilities): string | undefined {
  const emulated = needsEmulation(request, capabilities);
  const venueType = emulated ? releasedType(request.type) : request.type;
  if (emulated && venueType === 'market') return undefined;
  const allowed: readonly TimeInForce[] | undefined = capabilities.timeInForce[venueType];
  if (allowed === undefined || allowed.includes(request.timeInForce)) return undefined;
  if (emulatesExpiry({ ...request, type: venueType }, capabilities)) return undefined;
  const kept = allowed.includes('GTC') ? ' (GTD and DAY are kept by the engine)' : '';
  return `a ${request.type} order takes ${allowed.join(', ')}${kept} at this venue, found ${request.timeInForce}`;
}
