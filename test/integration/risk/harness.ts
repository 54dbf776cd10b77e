import {
  AccountId,
  ManualClock,
  Order,
  type EngineEvent,
  type Instrument,
  type OrderRequest,
} from '../../../src/core';
import { InProcessBus } from '../../../src/engine/bus/in-process-bus';
import { PortfolioService, type AccountSetup } from '../../../src/engine/portfolio';
import { RiskEngine, type RiskDecision } from '../../../src/engine/risk';
import type { RawLimits } from '../../../src/engine/risk/limits';
import { btcUsdt, d, fxPair, instrumentMap, quote } from './fixtures';

export const eurUsd = fxPair('EUR_USD');
export const gbpUsd = fxPair('GBP_USD');
export const usdMxn = fxPair('USD_MXN');
export const btc = btcUsdt();
export const ACCOUNT = AccountId.parse('acc-1');

export interface HarnessOptions {
  readonly global?: RawLimits;
  readonly account?: RawLimits;
  readonly setup?: Partial<AccountSetup>;
  readonly instruments?: readonly Instrument[];
  readonly balance?: string;
}

/** A risk engine over a real portfolio service and bus, on a manual clock; EUR_USD and GBP_USD quoted at 1.00000. */
export function riskHarness(options: HarnessOptions = {}) {
  const bus = new InProcessBus();
  const events: EngineEvent[] = [];
  bus.subscribe('*', (event) => events.push(event));
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
  const instruments = options.instruments ?? [eurUsd, gbpUsd, usdMxn, btc];
  const instrument = instrumentMap(...instruments);
  const portfolio = new PortfolioService({ bus, clock, instrument });
  const cash = options.setup?.type === 'cash';
  portfolio.registerAccount({
    accountId: ACCOUNT,
    venue: cash ? 'BINANCE' : 'OANDA',
    type: 'margin',
    baseCurrency: cash ? 'USDT' : 'USD',
    positionMode: 'netting',
    costBasis: cash ? 'average-cost' : 'fifo-trades',
    balances: [{ currency: cash ? 'USDT' : 'USD', total: d(options.balance ?? '10000') }],
    ...options.setup,
  });
  const risk = new RiskEngine(
    { clock, portfolio, instrument, bus },
    {
      ...(options.global === undefined ? {} : { global: options.global }),
      ...(options.account === undefined ? {} : { accounts: { [ACCOUNT]: options.account } }),
    },
  );
  risk.attach(bus);
  portfolio.onQuote(quote(eurUsd, '1.00000', '1.00000'));
  portfolio.onQuote(quote(gbpUsd, '1.00000', '1.00000'));
  portfolio.onQuote(quote(usdMxn, '20.00000', '20.00000'));
  portfolio.onQuote(quote(btc, '50000.00', '50000.00'));
  let openSequence = 0;
  return {
    bus,
    events,
    clock,
    portfolio,
    risk,
    /** Registers an open order with the risk engine, as the order book does. */
    open(request: OrderRequest): Order {
      openSequence++;
      const order = Order.fromEvents([
        {
          type: 'OrderInitialized',
          eventId: `e${openSequence}`,
          clientOrderId: request.clientOrderId,
          accountId: request.accountId,
          instrumentId: request.instrumentId,
          occurredAt: clock.now(),
          recordedAt: clock.now(),
          request,
        },
      ]);
      risk.onOrderOpened(order);
      return order;
    },
  };
}

export function codeOf(decision: RiskDecision): string {
  return decision.allowed ? 'ALLOWED' : decision.code;
}
