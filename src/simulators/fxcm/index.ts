import { mkdirSync } from 'node:fs';

import { AccountId } from '../../core/identifiers';
import type { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { Logger } from '../../shared/logger';
import { silentLogger } from '../../shared/logger';
import type { InboundMessage } from '../fix/wire';
import { DEFAULT_FXCM_LOGIN, FXCM_COMP_ID, FXCM_SUB_ID, type FxcmSimLogin } from './accounts';
import { FxcmSimulatorClock } from './clock';
import { instrumentIdOf } from './instruments';
import { FxcmSimServer } from './server';

export { DEFAULT_FXCM_LOGIN, FXCM_COMP_ID, FXCM_SUB_ID } from './accounts';
export type { FxcmSimLogin, FxcmSimAccount } from './accounts';
export { FXCM_SECURITIES } from './instruments';

export interface FxcmSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly login?: FxcmSimLogin;
  readonly prices?: 'synthetic' | 'scripted';
  /** Venue state and FIX sequence numbers are kept here across restarts. */
  readonly dataDir?: string;
  readonly logger?: Logger;
  readonly onInbound?: (message: InboundMessage) => void;
}

export interface FxcmSimulator {
  readonly host: string;
  readonly port: number;
  readonly login: FxcmSimLogin;
  readonly compId: string;
  readonly subId: string;
  readonly clock: FxcmSimulatorClock;
  readonly server: FxcmSimServer;
  readonly market: {
    quote(symbol: string): { bid: Price; ask: Price };
    movePrice(symbol: string, mid: Decimal): void;
    /** A public trade print (a resting order at that price may fill partly). */
    printTrade(symbol: string, price: Decimal, quantity: Decimal): void;
    advanceTime(ms: number): void;
  };
  /** The venue's own view of an account (for the contract suite's venue truth). */
  truth(account: string): {
    orders: { clOrdId: string; orderId: string; symbol: string; side: 'buy' | 'sell'; quantity: Decimal; cumQty: Decimal; price?: Decimal; stopPx?: Decimal }[];
    positions: { symbol: string; quantity: Decimal }[];
    balances: { currency: string; total: Decimal }[];
  };
  close(): Promise<void>;
}

export async function createFxcmSimulator(options: FxcmSimulatorOptions = {}): Promise<FxcmSimulator> {
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const clock = new FxcmSimulatorClock();
  const login = options.login ?? DEFAULT_FXCM_LOGIN;
  const server = new FxcmSimServer({
    clock, login, logger: options.logger ?? silentLogger(), seed: options.seed ?? 1, prices: options.prices ?? 'synthetic',
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), ...(options.onInbound === undefined ? {} : { onInbound: options.onInbound }),
  });
  const address = await server.listen(options.port ?? 0);
  const exchange = server.exchange;
  return {
    host: address.host, port: address.port, login, compId: FXCM_COMP_ID, subId: FXCM_SUB_ID, clock, server,
    market: {
      quote(symbol) {
        const quote = exchange.quote(symbol);
        if (quote === undefined) throw new Error(`no price for ${symbol}`);
        return { bid: Price.of(quote.bid), ask: Price.of(quote.ask) };
      },
      movePrice(symbol, mid) {
        exchange.setMid(symbol, mid);
      },
      printTrade(symbol, price, quantity) {
        const now = clock.now();
        exchange.engine.applyMarketData({ type: 'TradeTick', instrumentId: instrumentIdOf(symbol), price: Price.of(price), quantity: Quantity.of(quantity), aggressor: 'sell', occurredAt: now, recordedAt: now });
      },
      advanceTime(ms) {
        clock.advance(ms);
        exchange.advance();
      },
    },
    truth(account) {
      const id = AccountId.parse(account);
      const open = [...exchange.orders.values()].filter((o) => o.account === account && (o.status === '0' || o.status === '1' || (o.status === 'A' && exchange.isHeld(o.orderId))));
      const state = exchange.engine.account(id);
      return {
        orders: open.map((o) => ({ clOrdId: o.clOrdId, orderId: o.orderId, symbol: o.symbol, side: o.side === '1' ? 'buy' as const : 'sell' as const, quantity: o.quantity, cumQty: o.cumQty, ...(o.price === undefined ? {} : { price: o.price }), ...(o.stopPx === undefined ? {} : { stopPx: o.stopPx }) })),
        positions: exchange.engine.positions(id).filter((p) => !p.signedQuantity.isZero()).map((p) => ({ symbol: p.instrumentId.slice(0, p.instrumentId.lastIndexOf('.')), quantity: p.signedQuantity })),
        balances: state.balances.map((b) => ({ currency: b.currency, total: b.total })),
      };
    },
    close: () => server.close(),
  };
}

export { instrumentIdOf };
