/**
 * Scripted scenarios for the matching engine's tests (and the venue simulators' tests built on it): a manual
 * clock, the paper instruments, one FX margin account and one spot cash account, and helpers that publish
 * exact books and trades.
 */
import { AccountId, Decimal, InstrumentId, ManualClock, Price, Quantity, type OrderSide } from '../../core';
import { paperInstruments } from '../paper/instruments';
import type { MatchingEngine } from './api';
import { createMatchingEngine } from './engine';
import type { LatencyModel, MatchingEvent, SimOrderRequest, SimulatedAccount, SubmitOutcome } from './types';

export const FX_ACCOUNT = AccountId.parse('fx-1');
export const SPOT_ACCOUNT = AccountId.parse('spot-1');
export const EUR_USD = InstrumentId.parse('EUR_USD.PAPER');
export const BTCUSDT = InstrumentId.parse('BTCUSDT.PAPER');

export const d = (text: string): Decimal => Decimal.parse(text);

export function defaultAccounts(): SimulatedAccount[] {
  return [
    { accountId: FX_ACCOUNT, baseCurrency: 'USD', type: 'margin', positionMode: 'netting', balances: [{ currency: 'USD', amount: d('1000000') }], maxLeverage: d('50'), closeoutFraction: d('0.5') },
    { accountId: SPOT_ACCOUNT, baseCurrency: 'USDT', type: 'cash', positionMode: 'netting', balances: [{ currency: 'USDT', amount: d('100000') }, { currency: 'BTC', amount: d('2') }] },
  ];
}

export interface ScenarioOptions {
  readonly latency?: LatencyModel;
  readonly accounts?: SimulatedAccount[];
  readonly immediateTrigger?: 'trigger' | 'reject';
  readonly seed?: number;
}

/** A request with defaults for the scenario's account and instrument; quantity may be written as a string. */
export type OrderDraft = Partial<Omit<SimOrderRequest, 'quantity'>> & Pick<SimOrderRequest, 'side' | 'type'> & { quantity: Quantity | string };

export type Levels = readonly (readonly [string, string])[];

export function scenario(options: ScenarioOptions = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
  const engine: MatchingEngine = createMatchingEngine({
    clock,
    seed: options.seed ?? 1,
    instruments: paperInstruments(),
    accounts: options.accounts ?? defaultAccounts(),
    ...(options.latency === undefined ? {} : { latency: options.latency }),
    ...(options.immediateTrigger === undefined ? {} : { immediateTrigger: options.immediateTrigger }),
  });
  const events: MatchingEvent[] = [];
  engine.onEvent((event) => events.push(event));
  let counter = 0;

  const book = (instrumentId: InstrumentId, bids: Levels, asks: Levels) =>
    engine.applyMarketData({
      type: 'OrderBookUpdate',
      instrumentId,
      kind: 'snapshot',
      bids: bids.map(([p, q]) => ({ price: Price.parse(p), quantity: Quantity.parse(q) })),
      asks: asks.map(([p, q]) => ({ price: Price.parse(p), quantity: Quantity.parse(q) })),
      valid: true,
      occurredAt: clock.now(),
      recordedAt: clock.now(),
    });

  const trade = (instrumentId: InstrumentId, price: string, quantity: string, aggressor: OrderSide) =>
    engine.applyMarketData({ type: 'TradeTick', instrumentId, price: Price.parse(price), quantity: Quantity.parse(quantity), aggressor, occurredAt: clock.now(), recordedAt: clock.now() });

  const request = (partial: OrderDraft): SimOrderRequest => ({
    accountId: FX_ACCOUNT,
    instrumentId: EUR_USD,
    clientOrderId: `c${++counter}`,
    timeInForce: partial.type === 'market' ? 'IOC' : 'GTC',
    ...partial,
    quantity: typeof partial.quantity === 'string' ? Quantity.parse(partial.quantity) : partial.quantity,
  });

  /** Submits with zero latency and returns the outcome at once. */
  const submit = (partial: Parameters<typeof request>[0]): SubmitOutcome => {
    const ticket = engine.submit(request(partial));
    if (ticket.outcome === undefined) throw new Error('submit did not complete synchronously: is there latency?');
    return ticket.outcome;
  };

  const advance = (ms: number) => {
    clock.advance(ms);
    engine.advanceTo(clock.now());
  };

  const fills = () => events.flatMap((e) => (e.type === 'order-filled' ? [e.fill] : []));
  const fillsText = (orderId?: string) =>
    fills()
      .filter((f) => orderId === undefined || f.orderId === orderId)
      .map((f) => `${f.side} ${f.quantity.toString()} @ ${f.price.toString()} ${f.liquidity}`);

  return { clock, engine, events, book, trade, request, submit, advance, fills, fillsText };
}

/** The EUR_USD book most scenarios start from. */
export const EUR_USD_BOOK: { bids: Levels; asks: Levels } = {
  bids: [['1.08490', '1000000'], ['1.08480', '2000000'], ['1.08470', '5000000']],
  asks: [['1.08500', '1000000'], ['1.08510', '2000000'], ['1.08520', '5000000']],
};
