/**
 * The shared venue contract: every VenueClient implementation (paper, OANDA against its simulator, Binance
 * against its simulator, ...) runs this suite. It exercises every capability the venue declares and skips,
 * visibly (a skipped test whose name says why), what the venue does not declare.
 *
 * Usage, in a *.test.ts file:
 * ```ts
 * runVenueContract('paper', async () => ({ client, accountId, instrumentId, quantity, market, now, close }));
 * ```
 * The scenarios live in one file per group (venue-contract-<group>.ts), sharing venue-contract-context.ts.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Instrument, VenueReport } from '../../src/core';
import { venueContractBasics } from './venue-contract-basics';
import { venueContractContext } from './venue-contract-context';
import { venueContractFeatures } from './venue-contract-features';
import type { VenueContractFixture } from './venue-contract-fixture';
import { venueContractFills } from './venue-contract-fills';
import { venueContractOrderTypes } from './venue-contract-order-types';

export type { VenueContractFixture, VenueMarketControl } from './venue-contract-fixture';

export function runVenueContract(name: string, setup: () => Promise<VenueContractFixture>): void {
  describe(`venue contract: ${name}`, () => {
    let current: { f: VenueContractFixture; instrument: Instrument };
    const reports: VenueReport[] = [];
    let unsubscribe: () => void = () => undefined;

    beforeEach(async () => {
      const f = await setup();
      reports.length = 0;
      unsubscribe = f.client.onReport((report) => reports.push(report));
      const instrument = (await f.client.instruments()).find((i) => i.id === f.instrumentId);
      if (instrument === undefined) throw new Error(`fixture instrument ${f.instrumentId} is not listed by the venue`);
      current = { f, instrument };
    });
    afterEach(async () => {
      unsubscribe();
      await current.f.close();
    });

    const c = venueContractContext(() => current, reports);
    venueContractBasics(c);
    venueContractOrderTypes(c);
    venueContractFeatures(c);
    venueContractFills(c);
  });
}
