import { generateKeyPairSync } from 'node:crypto';
import { AccountId, Decimal, InstrumentId, Price, Quantity, type Clock } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator, type BinanceSimulatorOptions } from '../../../src/simulators/binance/server';
import { createBinanceVenue, type BinanceVenue } from '../../../src/venues/binance';
import type { BinanceRequestLogEntry } from '../../../src/venues/binance/http/request-log';
import type { VenueContractFixture } from '../../contract/venue-contract';
import type { VenueTruth } from '../../contract/venue-truth';

export interface Harness {
  readonly sim: BinanceSimulator;
  readonly venue: BinanceVenue;
  readonly clock: Clock;
  readonly requests: BinanceRequestLogEntry[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly profile?: 'spot' | 'us';
  readonly keyType?: 'hmac' | 'ed25519' | 'rsa';
  readonly sim?: Partial<BinanceSimulatorOptions>;
  readonly connect?: boolean;
  readonly orderTransport?: 'rest' | 'ws-api';
  /** Extra account settings (e.g. a short maxConnectionAgeMs). */
  readonly account?: { readonly maxConnectionAgeMs?: number };
}

/** A simulator on port 0 and an adapter pointed at it, over real loopback HTTP and WebSockets. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new SystemClock();
  const profile = options.profile ?? 'spot';
  const keyType = options.keyType ?? 'hmac';
  const pair = keyType === 'hmac' ? undefined : keyType === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const assymmetricKey = 'asymmetricTestKey000000000000000000000000000000000000000000000000';
  const sim = await startBinanceSimulator({
    clock,
    profile,
    ...(pair === undefined ? {} : { publicKeys: [{ apiKey: assymmetricKey, pem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() }] }),
    ...options.sim,
  });
  const requests: BinanceRequestLogEntry[] = [];
  const venue = createBinanceVenue({
    clock,
    logger: silentLogger(),
    requestLog: (entry) => requests.push(entry),
    account: {
      accountId: 'binance-test',
      venue: profile === 'us' ? 'binanceus' : 'binance',
      environment: 'custom',
      baseUrl: sim.url,
      streamUrl: sim.streamUrl,
      wsApiUrl: sim.wsApiUrl,
      keyType,
      ...(options.orderTransport === undefined ? {} : { orderTransport: options.orderTransport }),
      ...options.account,
      ...(pair === undefined
        ? { apiKey: sim.apiKey, apiSecret: sim.apiSecret }
        : { apiKey: assymmetricKey, privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
    },
  });
  if (options.connect !== false) await venue.client.connect();
  return {
    sim,
    venue,
    clock,
    requests,
    close: async () => {
      await venue.client.disconnect();
      await sim.close();
    },
  };
}

/** What the simulator holds for its one account, read from its matching engine and order metadata. */
export function binanceTruth(sim: BinanceSimulator, venueName: 'BINANCE' | 'BINANCEUS'): VenueTruth {
  const account = AccountId.parse('binance-sim');
  return {
    openOrders: [...pendingListLegs(sim, venueName), ...sim.engine.openOrders(account).map((order) => {
      // The client id as the venue holds it now (an amend may have changed it), not the one first sent.
      const meta = sim.state.exchange.metaOf(order);
      return {
        venueClientOrderId: meta.clientOrderId,
        venueOrderId: order.orderId,
        instrumentId: InstrumentId.of(meta.symbol, venueName),
        side: order.request.side,
        quantity: order.quantity,
        filledQuantity: order.filledQuantity,
        ...(meta.wireType === 'MARKET' || order.price === undefined ? {} : { price: order.price }),
        ...(meta.stopPrice === undefined ? {} : { triggerPrice: meta.stopPrice }),
        ...(meta.icebergQty === undefined ? {} : { displayQuantity: meta.icebergQty }),
      };
    })],
    positions: [],
    balances: sim.engine.account(account).balances.map((b) => ({ currency: b.currency, total: b.total })),
  };
}

/** OTO/OTOCO legs the venue holds as PENDING_NEW until their working order fills: working orders of the venue too. */
function pendingListLegs(sim: BinanceSimulator, venueName: 'BINANCE' | 'BINANCEUS'): VenueTruth['openOrders'] {
  return sim.state.lists.pendingLegs().map(({ wireOrderId, params }) => ({
    venueClientOrderId: params.get('newClientOrderId') ?? '',
    venueOrderId: String(wireOrderId),
    instrumentId: InstrumentId.of(params.get('symbol') ?? '', venueName),
    side: params.get('side') === 'BUY' ? 'buy' : 'sell',
    quantity: Quantity.parse(params.get('quantity') ?? '0'),
    filledQuantity: Quantity.parse('0'),
    ...(params.get('price') === undefined ? {} : { price: Price.parse(params.get('price') ?? '') }),
    ...(params.get('stopPrice') === undefined ? {} : { triggerPrice: Price.parse(params.get('stopPrice') ?? '') }),
  }));
}

export function contractFixture(harness: Harness, venueName: 'BINANCE' | 'BINANCEUS'): VenueContractFixture {
  const { sim } = harness;
  return {
    client: harness.venue.client,
    accountId: AccountId.parse('binance-test'),
    instrumentId: InstrumentId.of('BTCUSDT', venueName),
    quantity: Quantity.parse('0.01'),
    trailingOffset: { kind: 'basis-points', value: Decimal.fromInteger(100) },
    market: {
      quote: async () => {
        const quote = sim.state.market.quote('BTCUSDT');
        if (quote === undefined) throw new Error('no quote');
        return quote;
      },
      movePrice: async (_id, mid: Price) => {
        sim.state.market.movePrice('BTCUSDT', mid);
      },
      advanceTime: async (ms) => {
        await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50)));
        sim.state.advance();
      },
      printTrade: async (instrumentId, price, quantity) => {
        const now = harness.clock.now();
        sim.engine.applyMarketData({ type: 'TradeTick', instrumentId: sim.state.exchange.instrumentId(InstrumentId.symbol(instrumentId)), price, quantity, aggressor: 'sell', occurredAt: now, recordedAt: now });
      },
    },
    now: () => harness.clock.now(),
    venueTruth: async () => binanceTruth(sim, venueName),
    // Binance shows balances with 8 decimals.
    matchScope: { balanceScale: 8 },
    refusesMarketableListLimit: true,
    loseNextOrderAnswer: () => {
      sim.state.faults.loseNextOrderResponse = true;
    },
    close: () => harness.close(),
  };
}
