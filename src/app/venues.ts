import { join, resolve } from 'node:path';

import { AccountId, Decimal, TmtError } from '../core';
import { createPaperVenue, paperInstruments } from '../simulators/paper';
import type { SimulatedInstrument } from '../simulators/matching';
import type { AccountConfig, TmtConfig } from './config/schema';
import { binanceFactory, oandaFactory } from './venue-adapters';
import { okxFactory } from './venue-okx';
import { coinbaseFactory } from './venue-coinbase';
import { fxcmFactory } from './venue-fxcm';
import { ibkrFactory } from './venue-ibkr';
import { tradeLockerFactory } from './venue-tradelocker';
import { dxtradeFactory } from './venue-dxtrade';
import type { VenueFactory, VenueKind } from './venue-factories';

/** Stable-coin and coin base currencies mean a spot (cash) paper account; anything else is FX on margin. */
const CASH_CURRENCIES = new Set(['USDT', 'USDC', 'BUSD', 'BTC', 'ETH']);

export function paperAccountType(account: AccountConfig): 'cash' | 'margin' {
  return CASH_CURRENCIES.has(account.baseCurrency) ? 'cash' : 'margin';
}

/** Symbols a paper account may list, for `tmt config check`. */
export function paperSymbols(): readonly string[] {
  return paperInstruments().map((i) => i.instrument.venueSymbol);
}

/** One in-process paper venue for every `venue: paper` account, with its state under the data directory. */
const paperFactory: VenueFactory = async (accounts, context) => {
  const wanted = new Set(accounts.flatMap(({ account }) => account.instruments ?? []));
  const all = paperInstruments().map((simulated) => withPaperSettings(simulated, context.config.paper));
  const instruments = wanted.size === 0 ? all : all.filter((i) => wanted.has(i.instrument.venueSymbol));
  for (const symbol of wanted) {
    if (!all.some((i) => i.instrument.venueSymbol === symbol)) {
      throw new TmtError(
        'CONFIG_INVALID',
        `the paper venue has no instrument ${symbol} (it has ${paperSymbols().join(', ')})`,
        { field: 'accounts.instruments' },
      );
    }
  }
  const replay = context.config.paper.replay;
  const venue = createPaperVenue({
    clock: context.clock,
    logger: context.logger,
    seed: context.config.paper.seed,
    tickMs: context.config.paper.tickIntervalMs,
    ...(replay === undefined
      ? {}
      : { dataFile: { path: resolve(replay.path), format: replay.format, speed: replay.speed } }),
    ...(context.config.paper.latency === undefined ? {} : { latency: context.config.paper.latency }),
    storePath: join(context.dataDir, 'paper-venue.db'),
    instruments,
    accounts: accounts.map(({ account }) => {
      const type = paperAccountType(account);
      return {
        accountId: AccountId.parse(account.id),
        baseCurrency: account.baseCurrency,
        type,
        positionMode: 'netting' as const,
        balances: [
          { currency: account.baseCurrency, amount: Decimal.parse(account.startingBalance ?? '100000') },
        ],
        ...(type === 'margin'
          ? { maxLeverage: Decimal.parse('50'), closeoutFraction: Decimal.parse('0.5') }
          : {}),
      };
    }),
  });
  return [venue];
};

/**
 * The venue factories this build ships, by the `venue:` value of an account. Each venue module brings its
 * own; an account whose venue has none refuses to start with a message saying so.
 */
export const DEFAULT_VENUE_FACTORIES: Partial<Record<VenueKind, VenueFactory>> = {
  paper: paperFactory,
  oanda: oandaFactory,
  binance: binanceFactory,
  okx: okxFactory,
  coinbase: coinbaseFactory,
  fxcm: fxcmFactory,
  ibkr: ibkrFactory,
  dxtrade: dxtradeFactory,
  tradelocker: tradeLockerFactory,
};

/** The `paper:` section's fees and book depth applied to one paper instrument. */
function withPaperSettings(simulated: SimulatedInstrument, paper: TmtConfig['paper']): SimulatedInstrument {
  const fees = simulated.instrument.kind === 'fx' ? paper.fees.fx : paper.fees.crypto;
  const factor = Decimal.parse(paper.slippage.levelSizeFactor);
  const synthetic = simulated.synthetic;
  return {
    ...simulated,
    fees: { maker: Decimal.parse(fees.maker), taker: Decimal.parse(fees.taker) },
    ...(synthetic === undefined
      ? {}
      : {
          synthetic: {
            ...synthetic,
            // At least one lot a level, on the lot grid.
            levelSize: synthetic.levelSize
              .mul(factor)
              .roundToIncrement(simulated.instrument.sizeIncrement, 'down')
              .max(simulated.instrument.sizeIncrement),
          },
        }),
  };
}
