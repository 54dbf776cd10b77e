import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  Price,
  Quantity,
  type OrderRequest,
} from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { createPaperVenue, type PaperVenue } from '../../../src/simulators/paper';
import { openSqliteStore } from '../../../src/store';

const ACCOUNT = AccountId.parse('paper-fx');
const EURUSD = InstrumentId.parse('EUR_USD.PAPER');

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function start(): Promise<{ engine: ExecutionEngine; paper: PaperVenue }> {
  const clock = new SystemClock();
  const directory = mkdtempSync(join(tmpdir(), 'tmt-cont-'));
  const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
  const paper = createPaperVenue({ clock, seed: 7 });
  const engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    venues: [paper],
    ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000_000 } }),
  });
  cleanup = async () => {
    await engine.stop();
    await paper.close();
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  };
  await engine.start();
  await until(() => engine.quotes().some((q) => q.instrumentId === EURUSD), 'a first quote');
  return { engine, paper };
}

const market = (id: string, extra: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: ClientOrderId.parse(id),
  accountId: ACCOUNT,
  instrumentId: EURUSD,
  side: 'buy',
  type: 'market',
  quantity: Quantity.parse('10000'),
  timeInForce: 'IOC',
  postOnly: false,
  reduceOnly: false,
  ...extra,
});

describe('contingent orders on a venue without native lists or attached orders (paper)', () => {
  it('a market order with attached stop-loss and take-profit fills, and the engine arms both as an OCO pair', async () => {
    const { engine, paper } = await start();
    expect(paper.capabilities.attachedOrders).toBe(false);
    const mid = paper.quote(EURUSD);
    const stopLoss = Price.parse(mid.bid.sub(Price.parse('0.00500')).toString());
    const takeProfit = Price.parse(mid.ask.add(Price.parse('0.00500')).toString());
    const outcome = await engine.submit(
      market('sl-tp-1', { attached: { stopLoss: { triggerPrice: stopLoss }, takeProfit: { price: takeProfit } } }),
      'test',
    );
    expect(outcome.status).toBe('accepted');
    await until(() => engine.order(ClientOrderId.parse('sl-tp-1'))?.status === 'filled', 'the parent fill');
    await until(() => engine.orders({ openOnly: true }).length === 2, 'the stop-loss and take-profit');
    const children = engine.orders({ openOnly: true });
    expect(children.map((c) => c.order.request.type).sort()).toEqual(['limit', 'stop-market']);
    expect(children.every((c) => c.order.request.side === 'sell' && c.order.quantity.eq(Quantity.parse('10000')))).toBe(true);

    // The price falls through the stop: the stop-loss sells, and its OCO sibling (take-profit) is canceled.
    await paper.movePrice(EURUSD, Price.parse(stopLoss.sub(Price.parse('0.00100')).toString()));
    await until(() => engine.orders({ openOnly: true }).length === 0, 'the stop-loss fill and sibling cancel');
    const positions = engine.positions(ACCOUNT).filter((p) => p.instrumentId === EURUSD);
    expect(positions.every((p) => p.signedQuantity.isZero())).toBe(true);
    expect((await paper.positions(ACCOUNT)).filter((p) => p.instrumentId === EURUSD && !p.signedQuantity.isZero())).toEqual([]);
  }, 60_000);

  it('a bracket (OTO entry + OCO exits) submitted as a list is accepted, not refused as an unsupported list', async () => {
    const { engine, paper } = await start();
    const listId = OrderListId.of('bracket-1');
    const mid = paper.quote(EURUSD);
    const entry = market('br-entry', {
      contingency: { listId, type: 'OTO', linkedClientOrderIds: [ClientOrderId.parse('br-sl'), ClientOrderId.parse('br-tp')] },
    });
    const exit = (id: string, other: string, extra: Partial<OrderRequest>): OrderRequest => ({
      ...market(id),
      side: 'sell',
      timeInForce: 'GTC',
      contingency: {
        listId,
        type: 'OCO',
        parentClientOrderId: ClientOrderId.parse('br-entry'),
        linkedClientOrderIds: [ClientOrderId.parse(other)],
      },
      ...extra,
    });
    const outcomes = await engine.submitList(
      [
        entry,
        exit('br-sl', 'br-tp', { type: 'stop-market', triggerPrice: Price.parse(mid.bid.sub(Price.parse('0.01000')).toString()) }),
        exit('br-tp', 'br-sl', { type: 'limit', price: Price.parse(mid.ask.add(Price.parse('0.01000')).toString()) }),
      ],
      'test',
    );
    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted']);
    await until(() => engine.order(ClientOrderId.parse('br-entry'))?.status === 'filled', 'the entry fill');
    await until(
      () => ['br-sl', 'br-tp'].every((id) => engine.order(ClientOrderId.parse(id))?.order.isOpen() === true),
      'both exits live after the entry filled',
    );
    expect(engine.order(ClientOrderId.parse('br-tp'))?.order.closingCode).toBeUndefined();
  }, 60_000);
});
