import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventName, IBApi, OrderAction, OrderType, SecType, type Contract, type Execution, type Order } from '@stoqey/ib';
import { Decimal } from '../../../src/core';
import { createIbkrSimulator, type IbkrSimulator } from '../../../src/simulators/ibkr';
import { eventually } from './harness';

/** The published @stoqey/ib client, unmodified, against the TWS simulator: what a third-party program sees. */
describe('@stoqey/ib against the TWS simulator', () => {
  let sim: IbkrSimulator;
  let ib: IBApi;
  const errors: { code: number; id: number; message: string }[] = [];
  const decodeProblems: string[] = [];
  const aapl: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

  beforeEach(async () => {
    sim = await createIbkrSimulator({ prices: 'scripted' });
    ib = new IBApi({ host: sim.host, port: sim.port, clientId: 9 });
    errors.length = 0;
    decodeProblems.length = 0;
    ib.on(EventName.error, (error: Error, code: number, id: number) => {
      errors.push({ code, id, message: error.message });
      // The client reports fields it could not place (left over or missing) this way: the simulator's framing is wrong then.
      if (/Decoding error|Underrun error|unprocessed data/.test(error.message)) decodeProblems.push(error.message);
    });
  });

  afterEach(async () => {
    ib.disconnect();
    await sim.close();
    expect(decodeProblems).toEqual([]);
  });

  async function connect(): Promise<number> {
    const id = new Promise<number>((resolve) => ib.once(EventName.nextValidId, resolve));
    ib.connect();
    return id;
  }

  it('connects, gets nextValidId and the managed DU account, and reads contract details', async () => {
    const accounts = new Promise<string>((resolve) => ib.once(EventName.managedAccounts, resolve));
    const id = await connect();
    expect(id).toBeGreaterThan(0);
    expect(await accounts).toMatch(/^DU\d+$/);
    expect(ib.serverVersion).toBeGreaterThanOrEqual(176);
    const details = await new Promise<{ contract: Contract; minTick?: number; longName?: string }>((resolve) => {
      ib.once(EventName.contractDetails, (_reqId: number, d: { contract: Contract; minTick?: number; longName?: string }) => resolve(d));
      ib.reqContractDetails(11, aapl);
    });
    expect(details.contract.conId).toBe(265598);
    expect(details.contract.primaryExch).toBe('NASDAQ');
    expect(details.minTick).toBe(0.01);
    const fx = await new Promise<{ contract: Contract }>((resolve) => {
      ib.once(EventName.contractDetails, (_reqId: number, d: { contract: Contract }) => resolve(d));
      ib.reqContractDetails(12, { symbol: 'EUR', secType: SecType.CASH, exchange: 'IDEALPRO', currency: 'USD' });
    });
    expect(fx.contract.localSymbol).toBe('EUR.USD');
  });

  it('places, modifies and cancels a limit order, with order statuses along the way', async () => {
    const id = await connect();
    const statuses: { id: number; status: string }[] = [];
    ib.on(EventName.orderStatus, (orderId: number, status: string) => statuses.push({ id: orderId, status }));
    const prices: number[] = [];
    ib.on(EventName.openOrder, (orderId: number, _c: Contract, order: Order) => {
      if (orderId === id && order.lmtPrice !== undefined) prices.push(order.lmtPrice);
    });
    const order: Order = { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 180.5, totalQuantity: 10, tif: 'GTC', transmit: true, orderRef: 'stoqey-1' };
    ib.placeOrder(id, aapl, order);
    await eventually('Submitted', () => (statuses.some((s) => s.id === id && s.status === 'Submitted') ? true : undefined));
    ib.placeOrder(id, aapl, { ...order, lmtPrice: 180.25 });
    await eventually('the modified price', () => (prices.includes(180.25) ? true : undefined));
    expect(sim.truth().openOrders.find((o) => o.orderId === id)?.lmtPrice?.toString()).toBe('180.25');
    ib.cancelOrder(id, {});
    await eventually('Cancelled', () => (statuses.some((s) => s.id === id && s.status === 'Cancelled') ? true : undefined));
    expect(errors.some((e) => e.code === 202 && e.id === id)).toBe(true);
    expect(sim.truth().openOrders).toHaveLength(0);
  });

  it('fills a market order: execution details, a commission report, the position and the account summary', async () => {
    const id = await connect();
    const executions: { execId: string; shares?: number; price?: number }[] = [];
    const commissions: { execId?: string; commission?: number }[] = [];
    ib.on(EventName.execDetails, (_reqId: number, _c: Contract, e: Execution) => executions.push({ execId: e.execId ?? '', ...(e.shares === undefined ? {} : { shares: e.shares }) }));
    ib.on(EventName.commissionReport, (c: { execId?: string; commission?: number }) => commissions.push(c));
    ib.placeOrder(id, aapl, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 7, transmit: true, orderRef: 'stoqey-mkt' });
    await eventually('an execution and its commission', () => (executions.length > 0 && commissions.length > 0 ? true : undefined));
    expect(executions[0]?.shares).toBe(7);
    expect(commissions[0]?.execId).toBe(executions[0]?.execId);
    expect(commissions[0]?.commission).toBe(1);

    const positions: { account: string; pos?: number; conId?: number }[] = [];
    await new Promise<void>((resolve) => {
      ib.on(EventName.position, (account: string, contract: Contract, pos: number) => positions.push({ account, pos, ...(contract.conId === undefined ? {} : { conId: contract.conId }) }));
      ib.once(EventName.positionEnd, () => resolve());
      ib.reqPositions();
    });
    expect(positions).toContainEqual({ account: sim.accounts[0], pos: 7, conId: 265598 });

    const summary = new Map<string, string>();
    await new Promise<void>((resolve) => {
      ib.on(EventName.accountSummary, (_reqId: number, _account: string, tag: string, value: string) => summary.set(tag, value));
      ib.once(EventName.accountSummaryEnd, () => resolve());
      ib.reqAccountSummary(21, 'All', 'NetLiquidation,TotalCashValue,BuyingPower');
    });
    expect(summary.get('TotalCashValue')).toBe('999999.00');
    expect(summary.has('NetLiquidation')).toBe(true);

    const executionsAgain: string[] = [];
    await new Promise<void>((resolve) => {
      ib.on(EventName.execDetails, (_reqId: number, _c: Contract, e: Execution) => executionsAgain.push(e.execId ?? ''));
      ib.once(EventName.execDetailsEnd, () => resolve());
      ib.reqExecutions(31, {});
    });
    expect(executionsAgain).toContain(executions[0]?.execId);
  });

  it('holds a bracket until its last order transmits, activates the children on the parent fill, and cancels the OCA sibling', async () => {
    const id = await connect();
    const statuses = new Map<number, string>();
    ib.on(EventName.orderStatus, (orderId: number, status: string) => statuses.set(orderId, status));
    const { ask } = sim.market.quote(265598);
    const parent: Order = { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: Number(ask.toString()), totalQuantity: 5, transmit: false, orderRef: 'bracket-parent' };
    const takeProfit: Order = { action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice: 250, totalQuantity: 5, parentId: id, ocaGroup: 'bracket-1', ocaType: 1, transmit: false, tif: 'GTC' };
    const stopLoss: Order = { action: OrderAction.SELL, orderType: OrderType.STP, auxPrice: 150, totalQuantity: 5, parentId: id, ocaGroup: 'bracket-1', ocaType: 1, transmit: true, tif: 'GTC' };
    ib.placeOrder(id, aapl, parent);
    ib.placeOrder(id + 1, aapl, takeProfit);
    await eventually('the held parent and child', () => (statuses.get(id) === 'PreSubmitted' && statuses.get(id + 1) === 'PreSubmitted' ? true : undefined));
    expect(sim.exchange.executions()).toHaveLength(0);
    ib.placeOrder(id + 2, aapl, stopLoss);
    await eventually('the parent filled', () => (statuses.get(id) === 'Filled' ? true : undefined));
    await eventually('both children working', () => (statuses.get(id + 1) === 'Submitted' && ['PreSubmitted', 'Submitted'].includes(statuses.get(id + 2) ?? '') ? true : undefined));
    expect(sim.truth().openOrders.map((o) => o.orderId).sort((a, b) => a - b)).toEqual([id + 1, id + 2]);
    // The market rises through the take-profit: it fills, and OCA cancels the stop-loss.
    sim.market.movePrice(265598, Decimal.parse('252.00'));
    await eventually('take-profit filled, stop-loss canceled', () => (statuses.get(id + 1) === 'Filled' && statuses.get(id + 2) === 'Cancelled' ? true : undefined));
    expect(sim.truth().openOrders).toHaveLength(0);
    expect(sim.truth().positions).toEqual([]);
  });

  it('answers an off-tick price with error 110 and an unknown symbol with 200', async () => {
    const id = await connect();
    ib.placeOrder(id, aapl, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 180.123, totalQuantity: 1, transmit: true });
    await eventually('error 110', () => (errors.some((e) => e.code === 110 && e.id === id) ? true : undefined));
    ib.placeOrder(id + 1, { symbol: 'NOPE', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
    await eventually('error 200', () => (errors.some((e) => e.code === 200 && e.id === id + 1) ? true : undefined));
  });
  it('reads completed orders (a filled market and a cancelled TRAIL LIMIT with its lmtPriceOffset) and the account updates stream', async () => {
    let id = await connect();
    ib.placeOrder(id, aapl, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 3, transmit: true, orderRef: 'stoqey-done-mkt' });
    await eventually('the market fill', () => (sim.exchange.executions().some((e) => e.orderRef === 'stoqey-done-mkt') ? true : undefined));
    id += 1;
    ib.placeOrder(id, aapl, { action: OrderAction.SELL, orderType: OrderType.TRAIL_LIMIT, totalQuantity: 3, auxPrice: 1.5, lmtPriceOffset: 0.1, tif: 'GTC', transmit: true, orderRef: 'stoqey-done-trail' });
    await eventually('the TRAIL LIMIT working', () => sim.truth().openOrders.find((o) => o.orderRef === 'stoqey-done-trail'));
    ib.cancelOrder(id, {});
    await eventually('the TRAIL LIMIT cancelled', () => (sim.truth().openOrders.some((o) => o.orderRef === 'stoqey-done-trail') ? undefined : true));
    const completed: { orderRef: string | undefined; orderType: string | undefined; lmtPriceOffset: number | undefined; status: string | undefined; completedStatus: string | undefined; filled: unknown }[] = [];
    await new Promise<void>((resolve) => {
      ib.on(EventName.completedOrder, (_c: Contract, order: Order, state: { status?: string; completedStatus?: string }) => {
        completed.push({ orderRef: order.orderRef, orderType: order.orderType, lmtPriceOffset: order.lmtPriceOffset, status: state.status, completedStatus: state.completedStatus, filled: order.filledQuantity });
      });
      ib.once(EventName.completedOrdersEnd, () => resolve());
      ib.reqCompletedOrders(false);
    });
    expect(completed.find((c) => c.orderRef === 'stoqey-done-mkt')).toMatchObject({ orderType: 'MKT', status: 'Filled', completedStatus: 'Filled', filled: 3 });
    expect(completed.find((c) => c.orderRef === 'stoqey-done-trail')).toMatchObject({ orderType: 'TRAIL LIMIT', lmtPriceOffset: 0.1, status: 'Cancelled' });
    const portfolio: { symbol: string | undefined; position: number }[] = [];
    const values = new Map<string, string>();
    ib.on(EventName.updatePortfolio, (contract: Contract, position: number) => portfolio.push({ symbol: contract.symbol, position }));
    ib.on(EventName.updateAccountValue, (key: string, value: string, currency: string) => values.set(`${key}|${currency}`, value));
    const ended = new Promise<string>((resolve) => ib.once(EventName.accountDownloadEnd, resolve));
    ib.reqAccountUpdates(true, sim.accounts[0]);
    expect(await ended).toBe(sim.accounts[0]);
    expect(portfolio).toContainEqual({ symbol: 'AAPL', position: 3 });
    expect(values.get('CashBalance|USD')).toBe(sim.truth().cash.rescale(2, 'half-even').toString());
  });
});
