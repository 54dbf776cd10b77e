import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountId,
  ClientOrderId,
  Decimal,
  InstrumentId,
  Price,
  Quantity,
  type OrderRequest,
} from '../../../src/core';
import { emulatedExpiryAt } from '../../../src/engine/emulation/venue-shape';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator } from '../../../src/simulators/binance/server';
import { createBinanceVenue } from '../../../src/venues/binance';
import { startEngineRig, until, type EngineRig } from './venue-engine-rig';

const ACCOUNT = AccountId.parse('binance-test');
const SIM_ACCOUNT = AccountId.parse('binance-sim');
const BTC = InstrumentId.of('BTCUSDT', 'BINANCE');
const clock = new SystemClock();

let sim: BinanceSimulator | undefined;
let rig: EngineRig | undefined;
let directory: string | undefined;
afterEach(async () => {
  await rig?.close();
  await sim?.close();
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  rig = undefined;
  sim = undefined;
  directory = undefined;
});

function venue(s: BinanceSimulator) {
  return createBinanceVenue({
    clock,
    logger: silentLogger(),
    account: {
      accountId: 'binance-test',
      venue: 'binance',
      environment: 'custom',
      baseUrl: s.url,
      streamUrl: s.streamUrl,
      wsApiUrl: s.wsApiUrl,
      keyType: 'hmac',
      apiKey: s.apiKey,
      apiSecret: s.apiSecret,
    },
  }).client;
}

/** An engine on the simulator over loopback; a second call is a restart on the same journal. */
async function startEngine(): Promise<EngineRig> {
  sim ??= await startBinanceSimulator({ clock, seed: 4 });
  directory ??= mkdtempSync(join(tmpdir(), 'tmt-emu-binance-'));
  const next = await startEngineRig(clock, venue(sim), { marketData: 'all', directory });
  await until('a BTCUSDT quote', () => {
    sim!.state.market.movePrice('BTCUSDT', Price.parse('60000.00'));
    return next.engine.quotes().some((q) => q.instrumentId === BTC);
  });
  return next;
}

async function restart(): Promise<EngineRig> {
  await rig?.close();
  rig = await startEngine();
  return rig;
}

/** A limit buy with overrides; `price: undefined` removes the price (market, trailing stop). */
function order(id: string, overrides: { [K in keyof OrderRequest]?: OrderRequest[K] | undefined }): OrderRequest {
  const request: Record<string, unknown> = {
    clientOrderId: ClientOrderId.parse(id),
    accountId: ACCOUNT,
    instrumentId: BTC,
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse('0.00100'),
    price: Price.parse('50000.00'),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
    ...overrides,
  };
  for (const key of Object.keys(request)) if (request[key] === undefined) delete request[key];
  return request as unknown as OrderRequest;
}

const simOpen = () => sim!.engine.openOrders(SIM_ACCOUNT);

describe('GTD, DAY, spot reduce-only and price-distance trailing stops on Binance, kept by the engine', () => {
  it('GTD goes to the venue as GTC and the engine cancels it at its expiry', async () => {
    rig = await startEngine();
    const outcome = await rig.engine.submit(
      order('gtd-1', { timeInForce: 'GTD', expireAt: clock.now() + 1_500 }),
      'test',
    );
    expect(outcome.status === 'denied' ? outcome.denial.reason : outcome.order.status).toBe('accepted');
    expect(simOpen().map((o) => o.request.timeInForce)).toEqual(['GTC']);

    await until('the emulated expiry', () => rig!.engine.order(ClientOrderId.parse('gtd-1'))?.status === 'canceled');
    expect(simOpen()).toHaveLength(0);
  }, 60_000);

  it('a GTD order whose expiry passes while TMT is down is canceled at the venue on restart', async () => {
    rig = await startEngine();
    await rig.engine.submit(order('gtd-2', { timeInForce: 'GTD', expireAt: clock.now() + 1_000 }), 'test');
    expect(simOpen()).toHaveLength(1);
    await rig.close();
    rig = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // TMT is down past the expiry
    expect(simOpen()).toHaveLength(1);

    rig = await startEngine();
    await until(
      'the expiry after the restart',
      () => simOpen().length === 0 && rig!.engine.order(ClientOrderId.parse('gtd-2'))?.status === 'canceled',
    );
  }, 60_000);

  it('DAY ends at the end of the UTC day it was placed in', () => {
    const created = Date.UTC(2026, 0, 5, 13, 30);
    expect(emulatedExpiryAt(order('d', { timeInForce: 'DAY' }), created)).toBe(Date.UTC(2026, 0, 6));
  });

  it('reduce-only on spot is checked against the position: a larger sell is denied, the exit is sent plain', async () => {
    rig = await startEngine();
    const bought = await rig.engine.submit(order('ro-buy', { type: 'market', timeInForce: 'IOC', price: undefined }), 'test');
    expect(bought.status).toBe('accepted');
    await until('the buy filled', () => rig!.engine.order(ClientOrderId.parse('ro-buy'))?.status === 'filled');

    const tooBig = await rig.engine.submit(
      order('ro-big', { side: 'sell', price: Price.parse('70000.00'), quantity: Quantity.parse('0.00200'), reduceOnly: true }),
      'test',
    );
    expect(tooBig.status === 'denied' && tooBig.denial.code).toBe('RISK_REDUCE_ONLY_WOULD_INCREASE');
    const growing = await rig.engine.submit(order('ro-grow', { reduceOnly: true }), 'test');
    expect(growing.status === 'denied' && growing.denial.code).toBe('RISK_REDUCE_ONLY_WOULD_INCREASE');

    const exit = await rig.engine.submit(
      order('ro-exit', { side: 'sell', price: Price.parse('70000.00'), reduceOnly: true }),
      'test',
    );
    expect(exit.status === 'denied' ? exit.denial.reason : exit.order.status).toBe('accepted');
    expect(simOpen().map((o) => `${o.request.side} ${o.request.quantity.toString()}`)).toEqual(['sell 0.00100']);
  }, 60_000);

  it('a trailing stop by price distance is emulated, survives a restart, and triggers a market order at the venue', async () => {
    rig = await startEngine();
    const stop = await rig.engine.submit(
      order('trail-1', {
        side: 'sell',
        type: 'trailing-stop',
        price: undefined,
        trailingOffset: { kind: 'price', value: Decimal.parse('100') },
      }),
      'test',
    );
    expect(stop.status === 'denied' ? stop.denial.reason : stop.status).toBe('accepted');
    expect(stop.order.emulated).toBe(true);
    expect(simOpen()).toHaveLength(0);

    rig = await restart();
    const view = rig.engine.order(ClientOrderId.parse('trail-1'));
    expect(view?.emulated).toBe(true);
    expect(view?.status).toBe('initialized');

    sim!.state.market.movePrice('BTCUSDT', Price.parse('60300.00'));
    await until('the rise seen', () => rig!.engine.quotes().some((q) => q.bid.gt(Price.parse('60200.00'))));
    sim!.state.market.movePrice('BTCUSDT', Price.parse('60150.00'));
    await until('the stop triggered and filled', () => rig!.engine.order(ClientOrderId.parse('trail-1'))?.status === 'filled');
    const fills = rig.engine.fills({ clientOrderId: ClientOrderId.parse('trail-1') });
    expect(fills.map((f) => f.side)).toEqual(['sell']);
    expect(simOpen()).toHaveLength(0);
  }, 60_000);
});
