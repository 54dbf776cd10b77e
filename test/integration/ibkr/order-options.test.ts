import { describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest, type VenueCapabilities, type VenueClient } from '../../../src/core';
import { OANDA_CAPABILITIES } from '../../../src/venues/oanda/execution-client';
import { FXCM_CAPABILITIES } from '../../../src/venues/fxcm/execution-client';
import { DXTRADE_CAPABILITIES } from '../../../src/venues/dxtrade/execution-client';
import { TRADELOCKER_CAPABILITIES } from '../../../src/venues/tradelocker/execution-client';
import { eventually } from './harness';
import { startEngineRig, type IbkrEngineRig } from './engine-harness';

const AAPL = InstrumentId.parse('AAPL.IBKR');
const AAPL_CONID = 265598;
const ACTOR = 'ibkr-order-options';
const TEST_MS = 90_000;

let sequence = 0;
function order(rig: IbkrEngineRig, partial: Partial<OrderRequest> & Pick<OrderRequest, 'side' | 'type' | 'timeInForce'>): OrderRequest {
  sequence += 1;
  return { clientOrderId: ClientOrderId.parse(`opt-${sequence}-${Date.now() % 100000}`), accountId: rig.pair.accountId, instrumentId: AAPL, quantity: Quantity.parse('10'), postOnly: false, reduceOnly: false, ...partial };
}

const venueOrder = (rig: IbkrEngineRig, ref: string) => rig.pair.sim.truth().openOrders.find((o) => o.orderRef === ref);
const statusOf = (rig: IbkrEngineRig, id: ClientOrderId) => rig.engine.order(id)?.status;
const mid = (rig: IbkrEngineRig, price: string) => rig.pair.sim.market.movePrice(AAPL_CONID, Decimal.parse(price));

async function accepted(rig: IbkrEngineRig, request: OrderRequest): Promise<string> {
  const outcome = await rig.engine.submit(request, ACTOR);
  expect(outcome.status, outcome.status === 'denied' ? outcome.denial.reason : '').toBe('accepted');
  await eventually(`${request.clientOrderId} accepted`, () => (['accepted', 'partially-filled', 'filled'].includes(String(statusOf(rig, request.clientOrderId))) ? true : undefined));
  return rig.engine.order(request.clientOrderId)?.order.venueClientOrderId as string;
}

describe('IBKR order options through the engine (TRAIL LIMIT, OPG, outsideRth)', () => {
  it('a TRAIL LIMIT sell trails the bid, rests as a limit lmtPriceOffset below its stop once hit, and fills only at that limit or better', async () => {
    const rig = await startEngineRig({ quoteOf: AAPL });
    try {
      mid(rig, '190.00');
      const request = order(rig, { side: 'sell', type: 'trailing-limit', timeInForce: 'GTC', trailingOffset: { kind: 'price', value: Decimal.parse('1.00') }, limitOffset: Decimal.parse('0.10') });
      // Sell 10 shares we do not hold: IB's margin account takes the short.
      const ref = await accepted(rig, request);
      const atVenue = venueOrder(rig, ref);
      expect(atVenue?.orderType).toBe('TRAIL LIMIT');
      expect(atVenue?.auxPrice?.toString()).toBe('1.00');
      expect(atVenue?.lmtPriceOffset?.toString()).toBe('0.10');
      await rig.matches();
      mid(rig, '192.00'); // the stop follows the bid up to 190.99
      mid(rig, '190.00'); // the bid (189.99) falls through the stop: a sell limit at 190.89 now rests above the bid
      expect(venueOrder(rig, ref), 'a TRAIL would have sold at market here').toBeDefined();
      expect(rig.pair.sim.exchange.executions().filter((e) => e.orderRef === ref)).toHaveLength(0);
      mid(rig, '191.00'); // the bid comes back above the limit: it fills there
      await eventually('the TRAIL LIMIT filled', () => (statusOf(rig, request.clientOrderId) === 'filled' ? true : undefined));
      const fill = rig.engine.fills({ accountId: rig.pair.accountId }).find((f) => f.venueClientOrderId === ref);
      expect(fill?.price.gte(Decimal.parse('190.89'))).toBe(true);
      const venue = await rig.matches();
      expect(venue.positions.find((p) => p.instrumentId === AAPL)?.quantity.toString()).toBe('-10');
    } finally {
      await rig.close();
    }
  }, TEST_MS);

  it('a TRAIL LIMIT without limitOffset is refused before it is sent, naming the field', async () => {
    const rig = await startEngineRig({ quoteOf: AAPL });
    try {
      const request = order(rig, { side: 'sell', type: 'trailing-limit', timeInForce: 'GTC', trailingOffset: { kind: 'price', value: Decimal.parse('1.00') } });
      const outcome = await rig.engine.submit(request, ACTOR);
      const settled = await eventually('the refusal', () => (statusOf(rig, request.clientOrderId) === 'rejected' || outcome.status === 'denied' ? rig.engine.order(request.clientOrderId) : undefined));
      expect(settled.order.closingReason).toMatch(/limitOffset/);
      expect(rig.pair.sim.exchange.allOrders()).toHaveLength(0);
      await rig.matches();
    } finally {
      await rig.close();
    }
  }, TEST_MS);

  it('OPG: a limit-on-open and a market-on-open reach TWS with tif OPG; a stop with OPG is refused by the engine naming timeInForce', async () => {
    const rig = await startEngineRig({ quoteOf: AAPL });
    try {
      mid(rig, '190.00');
      const loo = order(rig, { side: 'buy', type: 'limit', timeInForce: 'OPG', price: Price.parse('185.00') });
      const ref = await accepted(rig, loo);
      expect(venueOrder(rig, ref)?.tif).toBe('OPG');
      const open = await rig.pair.client.openOrders(rig.pair.accountId, AAPL);
      expect(open.find((o) => o.venueClientOrderId === ref)?.timeInForce).toBe('OPG');
      await rig.matches();
      const moo = order(rig, { side: 'buy', type: 'market', timeInForce: 'OPG' });
      const mooRef = await accepted(rig, moo);
      await eventually('the market-on-open filled', () => (statusOf(rig, moo.clientOrderId) === 'filled' ? true : undefined));
      expect(rig.pair.sim.exchange.allOrders().find((o) => o.orderRef === mooRef)?.tif).toBe('OPG');
      const stop = order(rig, { side: 'sell', type: 'stop-market', timeInForce: 'OPG', triggerPrice: Price.parse('180.00') });
      const denied = await rig.engine.submit(stop, ACTOR);
      expect(denied.status).toBe('denied');
      if (denied.status === 'denied') {
        expect(denied.denial.code).toBe('RISK_UNSUPPORTED_ORDER');
        expect(denied.denial.details).toMatchObject({ field: 'timeInForce', found: 'OPG' });
      }
      await rig.matches();
    } finally {
      await rig.close();
    }
  }, TEST_MS);

  it('outsideRth is sent as the order says, and absent means regular hours only', async () => {
    const rig = await startEngineRig({ quoteOf: AAPL });
    try {
      mid(rig, '190.00');
      const outside = await accepted(rig, order(rig, { side: 'buy', type: 'limit', timeInForce: 'GTC', price: Price.parse('185.00'), outsideRth: true }));
      const regular = await accepted(rig, order(rig, { side: 'buy', type: 'limit', timeInForce: 'GTC', price: Price.parse('184.00') }));
      expect(venueOrder(rig, outside)?.outsideRth).toBe(true);
      expect(venueOrder(rig, regular)?.outsideRth).toBe(false);
      await rig.matches();
    } finally {
      await rig.close();
    }
  }, TEST_MS);

  it('a venue that does not declare them refuses trailing-limit and OPG in the engine, naming the field (OANDA, FXCM, DXtrade, TradeLocker declarations)', async () => {
    const rig = await startEngineRig({ quoteOf: AAPL });
    try {
      for (const [name, capabilities] of [['OANDA', OANDA_CAPABILITIES], ['FXCM', FXCM_CAPABILITIES], ['DXTRADE', DXTRADE_CAPABILITIES], ['TRADELOCKER', TRADELOCKER_CAPABILITIES]] as const) {
        expect(capabilities.orderTypes, name).not.toContain('trailing-limit');
        for (const list of Object.values(capabilities.timeInForce)) expect(list, name).not.toContain('OPG');
        // The same engine, with the venue seen through that venue's declaration.
        setCapabilities(rig.pair.client, capabilities);
        const trail = await rig.engine.submit(order(rig, { side: 'sell', type: 'trailing-limit', timeInForce: 'GTC', trailingOffset: { kind: 'price', value: Decimal.parse('1.00') }, limitOffset: Decimal.parse('0.10') }), ACTOR);
        expect(trail.status, name).toBe('denied');
        if (trail.status === 'denied') expect(trail.denial.details, name).toMatchObject({ field: 'type', found: 'trailing-limit' });
        const opg = await rig.engine.submit(order(rig, { side: 'buy', type: 'limit', timeInForce: 'OPG', price: Price.parse('185.00') }), ACTOR);
        expect(opg.status, name).toBe('denied');
        if (opg.status === 'denied') expect(opg.denial.details, name).toMatchObject({ field: 'timeInForce', found: 'OPG' });
      }
      expect(rig.pair.sim.exchange.allOrders()).toHaveLength(0);
      await rig.matches();
    } finally {
      await rig.close();
    }
  }, TEST_MS);
});

/** Swaps the declaration the engine reads (the client's own `capabilities` is a readonly field). */
function setCapabilities(client: VenueClient, capabilities: VenueCapabilities): void {
  Object.defineProperty(client, 'capabilities', { value: capabilities, configurable: true });
}
