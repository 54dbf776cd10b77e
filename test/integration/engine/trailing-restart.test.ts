/**
 * Issue 15 item 4: an emulated trailing stop trails from its previous extreme after a restart, not from the
 * price at restart. Its level is journaled as the order's trigger price each time it tightens. Against the
 * Binance wire simulator (trailing by price distance is emulated there), a restart on the same journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, InstrumentId, Price, Quantity } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator } from '../../../src/simulators/binance/server';
import { createBinanceVenue } from '../../../src/venues/binance';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { binanceTruth } from '../binance/harness';
import { startEngineRig, until, type EngineRig } from './venue-engine-rig';

const ACCOUNT = AccountId.parse('binance-test');
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

async function startEngine(at: string): Promise<EngineRig> {
  sim ??= await startBinanceSimulator({ clock, seed: 4, walkMs: 0 });
  directory ??= mkdtempSync(join(tmpdir(), 'tmt-trail-restart-'));
  const s = sim;
  const client = createBinanceVenue({
    clock,
    logger: silentLogger(),
    account: {
      accountId: 'binance-test', venue: 'binance', environment: 'custom', baseUrl: s.url, streamUrl: s.streamUrl,
      wsApiUrl: s.wsApiUrl, keyType: 'hmac', apiKey: s.apiKey, apiSecret: s.apiSecret,
    },
  }).client;
  const next = await startEngineRig(clock, client, { marketData: 'all', directory });
  // The simulator publishes a quote when its market moves: move it until the engine has one, then let the moves
  // settle (a late quote from a repeated move must not reach the stop afterwards).
  await until('a BTCUSDT quote', () => {
    s.state.market.movePrice('BTCUSDT', Price.parse(at));
    return next.engine.quotes().some((q) => q.instrumentId === BTC);
  });
  s.state.market.movePrice('BTCUSDT', Price.parse(at).add(Decimal.parse('1')));
  await until('the quote at the last move', () =>
    next.engine.quotes().some((q) => q.instrumentId === BTC && q.bid.gt(Price.parse(at))),
  );
  return next;
}

describe('an emulated trailing stop across a restart', () => {
  it('keeps the level it reached: after the restart a drop below that level triggers it', async () => {
    rig = await startEngine('60000.00');
    const submitted = await rig.engine.submit(
      {
        clientOrderId: ClientOrderId.parse('trail-x'), accountId: ACCOUNT, instrumentId: BTC, side: 'sell', type: 'trailing-stop',
        quantity: Quantity.parse('0.00100'), timeInForce: 'GTC', trailingOffset: { kind: 'price', value: Decimal.parse('100') },
        postOnly: false, reduceOnly: false,
      },
      'test',
    );
    expect(submitted.status).toBe('accepted');
    expect(submitted.order.emulated).toBe(true);
    // The market rises to 60500: the stop tightens to about 60400, and that level is journaled.
    // In steps smaller than the offset: the trades printed along a move reach the engine on their own stream,
    // possibly after the quote, and none of them may fall a whole offset below the extreme.
    for (let mid = 60_050; mid <= 60_500; mid += 50) {
      sim!.state.market.movePrice('BTCUSDT', Price.parse(`${mid}.00`));
      await until(`the move to ${mid}`, () => rig!.engine.quotes().some((q) => q.instrumentId === BTC && q.bid.gt(Price.parse(`${mid - 10}.00`))));
    }
    const trailing = () => rig!.engine.order(ClientOrderId.parse('trail-x'))?.order.triggerPrice;
    await until('the stop to tighten past 60390', () => trailing()?.gt(Price.parse('60390.00')) === true);
    const level = trailing() as Price;

    // Restart while the market is at 60450: from the price at restart the stop would sit near 60350; from its
    // journaled level it stays near 60400.
    await rig.close();
    sim!.state.market.movePrice('BTCUSDT', Price.parse('60450.00'));
    rig = await startEngine('60450.00');
    const after = rig.engine.order(ClientOrderId.parse('trail-x'));
    expect(after?.status).toBe('initialized');
    expect(after?.order.triggerPrice?.eq(level)).toBe(true);
    sim!.state.market.movePrice('BTCUSDT', Price.parse('60380.00'));
    await until('the stop triggered and filled', () => rig!.engine.order(ClientOrderId.parse('trail-x'))?.status === 'filled');
    expect(rig.engine.fills({ clientOrderId: ClientOrderId.parse('trail-x') }).map((f) => f.side)).toEqual(['sell']);
    await waitEngineMatchesVenue(rig.engine, async () => binanceTruth(sim!, 'BINANCE'), { accountId: ACCOUNT, positions: false, balanceScale: 8 });
  }, 60_000);
});
