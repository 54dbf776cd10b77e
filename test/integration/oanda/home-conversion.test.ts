import { afterEach, describe, expect, it } from 'vitest';

import {
  AccountId, ClientOrderId, Decimal, deriveVenueClientOrderId, InstrumentId, ManualClock, Money, Price, Quantity,
  type MarketDataEvent, type OrderRequest, type QuoteTick,
} from '../../../src/core';
import { InProcessBus } from '../../../src/engine/bus/in-process-bus';
import { PortfolioService } from '../../../src/engine/portfolio';
import { silentLogger } from '../../../src/shared/logger';
import { OandaDataClient } from '../../../src/venues/oanda/data-client';
import { oandaCredentials } from '../../../src/venues/oanda/credentials';
import { fxPair, instrumentMap } from '../risk/fixtures';
import { eventually, startPair, type OandaPair } from './harness';

const EUR_GBP = fxPair('EUR_GBP');
const GBP_USD = fxPair('GBP_USD');
const USD_JPY = fxPair('USD_JPY');
let counter = 0;

/** The adapter's quotes feeding a real portfolio, as the engine wires them. */
function engineSide(pair: OandaPair) {
  const portfolio = new PortfolioService({ bus: new InProcessBus(), clock: new ManualClock(), instrument: instrumentMap(EUR_GBP, GBP_USD, USD_JPY) });
  portfolio.registerAccount({ accountId: pair.accountId, venue: 'OANDA', type: 'margin', baseCurrency: 'USD', positionMode: 'netting', costBasis: 'fifo-trades' });
  const quotes: QuoteTick[] = [];
  pair.client.subscribeMarketData([EUR_GBP.id, GBP_USD.id, USD_JPY.id], (event: MarketDataEvent) => {
    if (event.type !== 'QuoteTick') return;
    quotes.push(event);
    portfolio.onQuote(event);
  });
  return { portfolio, quotes };
}

/** Trades on the simulator and books the fill in the portfolio as the engine would (the venue's trade id and price). */
async function trade(pair: OandaPair, portfolio: PortfolioService, instrumentId: InstrumentId, side: 'buy' | 'sell', units: string) {
  const request: OrderRequest = {
    clientOrderId: ClientOrderId.parse(`hc-${++counter}`), accountId: pair.accountId, instrumentId, side, type: 'market',
    quantity: Quantity.parse(units), timeInForce: 'FOK', postOnly: false, reduceOnly: false,
  };
  const result = await pair.client.submit({ request, venueClientOrderId: deriveVenueClientOrderId(request.clientOrderId, pair.client.capabilities.clientOrderId) });
  expect(result.status, JSON.stringify(result)).toBe('accepted');
  const open = (await pair.client.trades.openTrades(pair.accountId)).find((t) => t.instrumentId === instrumentId);
  if (open === undefined) throw new Error('no open trade');
  portfolio.applyFill({
    accountId: pair.accountId, instrumentId, tradeId: open.tradeId, side, quantity: Quantity.parse(units),
    price: Price.of(open.price), commission: Money.parse('0', 'USD'), occurredAt: 0,
  });
  return open.tradeId;
}

/** Moves a price and waits until the engine holds the simulator's quote and factors for `instrument`. */
async function settle(pair: OandaPair, quotes: QuoteTick[], instrument: string, quoteCurrency: string) {
  const wanted = pair.sim.market.quote(instrument);
  const factors = pair.sim.venue.homeFactors(quoteCurrency);
  await eventually(`the ${instrument} quote with its factors`, () =>
    quotes.find((q) => InstrumentId.symbol(q.instrumentId) === instrument && q.bid.eq(wanted.bid) && q.homeConversions?.[0]?.positiveUnits.eq(factors.positive) === true),
  );
}

async function simTrade(pair: OandaPair, tradeId: string): Promise<Record<string, string>> {
  const response = await fetch(`${pair.sim.url}/v3/accounts/${pair.accountId}/trades/${tradeId}`, { headers: { authorization: `Bearer ${pair.sim.token}` } });
  return ((await response.json()) as { trade: Record<string, string> }).trade;
}

const cents4 = (d: Decimal | undefined): string => (d ?? Decimal.ZERO).rescale(4, 'half-even').toString();

describe('OANDA quoteHomeConversionFactors drive P&L in the account currency', () => {
  let pair: OandaPair;
  afterEach(async () => pair.close());

  it('a EUR_GBP position in a USD account: unrealized P&L equals the simulator trade unrealizedPL, gain and loss', async () => {
    pair = await startPair({ account: 2 });
    const { portfolio, quotes } = engineSide(pair);
    await settle(pair, quotes, 'EUR_GBP', 'GBP');
    const tradeId = await trade(pair, portfolio, EUR_GBP.id, 'buy', '100000');

    // GBP_USD first: the factors ride on the next EUR_GBP price, as on OANDA.
    pair.sim.market.movePrice('GBP_USD', Decimal.parse('1.27300'));
    pair.sim.market.movePrice('EUR_GBP', Decimal.parse('0.86400'));
    await settle(pair, quotes, 'EUR_GBP', 'GBP');
    const gain = await simTrade(pair, tradeId);
    const engine = portfolio.position(pair.accountId, EUR_GBP.id);
    expect(engine?.unrealizedPnl.currency).toBe('USD');
    expect(cents4(engine?.unrealizedPnl.amount)).toBe(gain['unrealizedPL']);
    expect(Decimal.parse(gain['unrealizedPL'] ?? '0').isPositive()).toBe(true);
    // The quote-derived mid rate would miss OANDA's figure: the factors are what makes it equal.
    const mid = portfolio.rates.rate(EUR_GBP.quoteCurrency, GBP_USD.quoteCurrency) as Decimal;
    expect(cents4(engine?.quoteUnrealizedPnl?.amount.mul(mid))).not.toBe(gain['unrealizedPL']);
    // The account's unrealized P&L: the engine's equals the simulator summary's, which is the trades' sum.
    const summary = await fetch(`${pair.sim.url}/v3/accounts/${pair.accountId}/summary`, { headers: { authorization: `Bearer ${pair.sim.token}` } });
    const account = ((await summary.json()) as { account: Record<string, string> }).account;
    expect(account['unrealizedPL']).toBe(gain['unrealizedPL']);
    expect(cents4(portfolio.account(pair.accountId)?.unrealizedPnl.amount)).toBe(account['unrealizedPL']);

    pair.sim.market.movePrice('GBP_USD', Decimal.parse('1.26100'));
    pair.sim.market.movePrice('EUR_GBP', Decimal.parse('0.85200'));
    await settle(pair, quotes, 'EUR_GBP', 'GBP');
    const loss = await simTrade(pair, tradeId);
    expect(Decimal.parse(loss['unrealizedPL'] ?? '0').isNegative()).toBe(true);
    expect(cents4(portfolio.position(pair.accountId, EUR_GBP.id)?.unrealizedPnl.amount)).toBe(loss['unrealizedPL']);
  });

  it('a short USD_JPY position in a USD account converts JPY by the inverse factors to the simulator figure', async () => {
    pair = await startPair({ account: 2 });
    const { portfolio, quotes } = engineSide(pair);
    await settle(pair, quotes, 'USD_JPY', 'JPY');
    const tradeId = await trade(pair, portfolio, USD_JPY.id, 'sell', '250000');
    for (const mid of ['150.250', '152.875']) {
      pair.sim.market.movePrice('USD_JPY', Decimal.parse(mid));
      await settle(pair, quotes, 'USD_JPY', 'JPY');
      const sim = await simTrade(pair, tradeId);
      expect(cents4(portfolio.position(pair.accountId, USD_JPY.id)?.unrealizedPnl.amount)).toBe(sim['unrealizedPL']);
    }
    const factors = quotes.at(-1)?.homeConversions?.[0];
    expect(factors?.currency).toBe('USD');
    expect(factors?.negativeUnits.gt(factors.positiveUnits)).toBe(true);
    // GET /pricing says the same (its body is checked against the official schema when the pair closes).
    const response = await fetch(`${pair.sim.url}/v3/accounts/${pair.accountId}/pricing?instruments=USD_JPY&includeHomeConversions=true`, { headers: { authorization: `Bearer ${pair.sim.token}` } });
    const body = (await response.json()) as { prices: { quoteHomeConversionFactors: { positiveUnits: string } }[]; homeConversions: { currency: string; accountGain: string; accountLoss: string }[] };
    expect(body.prices[0]?.quoteHomeConversionFactors.positiveUnits).toBe(factors?.positiveUnits.toString());
    const jpy = body.homeConversions.find((c) => c.currency === 'JPY');
    expect([jpy?.accountGain, jpy?.accountLoss]).toEqual([factors?.positiveUnits.toString(), factors?.negativeUnits.toString()]);
  });
});

describe('OANDA pricing streams across accounts', () => {
  let pair: OandaPair;
  afterEach(async () => pair.close());

  it('runs one stream per home currency, delivers each price once, with every currency\'s factors', async () => {
    pair = await startPair();
    const [first, second] = pair.sim.accounts as [string, string];
    const data = new OandaDataClient({
      accountId: first,
      accounts: () => [{ accountId: first, currency: 'USD' }, { accountId: second, currency: 'EUR' }, { accountId: AccountId.parse(pair.sim.accounts[2] ?? ''), currency: 'USD' }],
      streamOrigin: pair.sim.streamUrl, credentials: oandaCredentials(pair.sim.token), clock: new ManualClock(), logger: silentLogger(),
      silenceMs: 5000, initialDelayMs: 50, maxDelayMs: 500, onState: () => undefined, onUnrecognized: () => undefined,
    });
    const ticks: QuoteTick[] = [];
    data.subscribe([EUR_GBP.id], (event) => {
      if (event.type === 'QuoteTick') ticks.push(event);
    });
    try {
      expect(data.streamingAccounts).toEqual([first, second]);
      // The EUR-account stream's factors join the quotes once both streams run.
      pair.sim.market.movePrice('EUR_GBP', Decimal.parse('0.86000'));
      const merged = await eventually('a quote with both currencies\' factors', async () => {
        const found = ticks.find((t) => t.homeConversions?.length === 2);
        if (found === undefined) pair.sim.market.movePrice('EUR_GBP', Decimal.parse(ticks.length % 2 === 0 ? '0.86010' : '0.86020'));
        return found;
      });
      expect(merged.homeConversions?.map((f) => f.currency)).toEqual(['USD', 'EUR']);
      // Each price line of the primary stream is delivered once: the secondary stream adds no quotes.
      expect(ticks.length).toBe(data.pricesApplied);
    } finally {
      await data.stop();
    }
  });
});
