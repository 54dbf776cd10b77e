import type { MarketDataEvent } from '../../core/events';
import { InstrumentId } from '../../core/identifiers';
import type { AcceptorSession } from '../fix/acceptor';
import { utcTimestamp, valueOf, valuesOf, type InboundMessage, type Pair } from '../fix/wire';
import type { FxcmExchange } from './exchange';
import { securityOf } from './instruments';

interface Subscription {
  readonly session: AcceptorSession;
  readonly reqId: string;
  readonly symbols: ReadonlySet<string>;
  /** MDUpdateType (265): 0 full refresh (W each time, FXCM's default), 1 incremental (X). */
  readonly incremental: boolean;
}

/** MarketDataRequest (V): a snapshot (W), then W or X on every top-of-book change while subscribed (263=1). */
export class FxcmMarketDesk {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly last = new Map<string, string>();

  constructor(private readonly exchange: FxcmExchange) {
    exchange.engine.onMarketData((event) => this.onMarket(event));
  }

  request(session: AcceptorSession, message: InboundMessage): void {
    const reqId = valueOf(message, 262) ?? '';
    const type = valueOf(message, 263);
    const symbols = valuesOf(message, 55);
    const unknown = symbols.find((s) => securityOf(s) === undefined);
    // MarketDataRequestReject (Y), MDReqRejReason 0: unknown symbol.
    if (unknown !== undefined) return session.send('Y', [[262, reqId], [281, '0'], [58, `Unknown symbol ${unknown}`]]);
    if (symbols.length === 0) return session.send('Y', [[262, reqId], [281, '0'], [58, 'NoRelatedSym(146) must list at least one Symbol(55)']]);
    if (type === '2') {
      this.subscriptions.delete(key(session, reqId));
      return;
    }
    if (type !== '0' && type !== '1') return session.send('Y', [[262, reqId], [281, '4'], [58, `SubscriptionRequestType(263) must be 0, 1 or 2, found ${type ?? 'none'}`]]);
    for (const symbol of symbols) session.send('W', this.snapshot(reqId, symbol));
    if (type === '1') this.subscriptions.set(key(session, reqId), { session, reqId, symbols: new Set(symbols), incremental: valueOf(message, 265) === '1' });
  }

  dropSession(session: AcceptorSession): void {
    for (const [k, s] of this.subscriptions) if (s.session === session) this.subscriptions.delete(k);
  }

  private snapshot(reqId: string, symbol: string): Pair[] {
    const quote = this.exchange.quote(symbol);
    const spec = securityOf(symbol);
    const now = utcTimestamp(this.exchange.options.clock.now());
    const entry = (type: string, price: string): Pair[] => [[269, type], [270, price], [271, '0'], [272, now.slice(0, 8)], [273, now.slice(9, 21)], [336, 'FXCM'], [276, 'A'], [537, '1']];
    return [
      [262, reqId], [55, symbol], [228, '1'], [231, '1'], [460, '4'], [9001, String(spec?.precision ?? 5)], [9002, spec?.pointSize ?? ''], [9080, '1'], [9096, 'O'],
      [268, quote === undefined ? '0' : '2'],
      ...(quote === undefined ? [] : [...entry('0', quote.bid.toString()), ...entry('1', quote.ask.toString())]),
    ];
  }

  private onMarket(event: MarketDataEvent): void {
    if (this.subscriptions.size === 0 || (event.type !== 'OrderBookUpdate' && event.type !== 'QuoteTick')) return;
    const symbol = InstrumentId.symbol(event.instrumentId);
    const quote = this.exchange.quote(symbol);
    if (quote === undefined) return;
    const top = `${quote.bid.toString()}/${quote.ask.toString()}`;
    if (this.last.get(symbol) === top) return;
    this.last.set(symbol, top);
    for (const s of this.subscriptions.values()) {
      if (!s.symbols.has(symbol) || !s.session.loggedOn) continue;
      if (!s.incremental) {
        s.session.send('W', this.snapshot(s.reqId, symbol));
        continue;
      }
      // MDUpdateAction (279) 1 change, one entry per side.
      s.session.send('X', [[262, s.reqId], [268, '2'], [279, '1'], [269, '0'], [55, symbol], [270, quote.bid.toString()], [279, '1'], [269, '1'], [55, symbol], [270, quote.ask.toString()]]);
    }
  }
}

function key(session: AcceptorSession, reqId: string): string {
  return `${session.compId ?? ''}\u0000${reqId}`;
}
