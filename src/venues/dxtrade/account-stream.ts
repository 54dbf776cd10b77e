import type { Clock } from '../../core/clock';
import type { VenueConnectionChanged } from '../../core/events';
import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import type { VenueReport } from '../../core/reports';
import { exactJson } from './encode';
import type { OrderBookKeeping } from './order-book';
import { fillsOf, orderReportOf, positionReportOf } from './parse/reports';
import { OrderSchema, parseEach, PositionSchema, type PushMessage } from './parse/wire';
import { instrumentIdOfSymbol } from './symbols';
import type { PushClient } from './ws/push-client';

export interface AccountStreamDeps {
  readonly clock: Clock;
  readonly hedging: boolean;
  readonly accounts: readonly string[];
  currencyOf(account: string): string;
  emit(report: VenueReport): void;
  connection(state: VenueConnectionChanged['state'], reason: string): void;
}

/**
 * The execution report stream: the push API's AccountPortfolios (a snapshot on subscribe, then one message per
 * change carrying the changed orders and every open position). Orders become order reports (a stale version
 * is dropped), their new executions with a trade become fills (each execution code once), positions become
 * position reports, and a position that is gone is reported flat. A reconnect is a gap: the engine reconciles.
 */
export class DxtradeAccountStream {
  private readonly open = new Map<string, Set<string>>();
  private readonly stops: (() => void)[] = [];

  constructor(private readonly push: PushClient, private readonly book: OrderBookKeeping, private readonly deps: AccountStreamDeps) {}

  async start(): Promise<void> {
    this.stops.push(this.push.onMessage((message) => this.onMessage(message)));
    this.stops.push(this.push.onState((state, reason) => {
      if (state === 'disconnected') this.deps.connection('disconnected', reason);
      else this.deps.connection('connected', reason);
      if (state === 'restored') for (const account of this.deps.accounts) this.deps.emit({ kind: 'gap', accountId: AccountId.parse(account), reason });
    }));
    this.push.subscribe({ type: 'AccountPortfoliosSubscriptionRequest', payload: { accounts: [...this.deps.accounts], requestType: 'ALL', includeOffset: 'true' } });
    await this.push.open();
  }

  async stop(): Promise<void> {
    for (const stop of this.stops.splice(0)) stop();
  }

  private onMessage(message: PushMessage): void {
    if (message.type === 'Unreadable' || message.type === 'Reject') {
      this.deps.emit({ kind: 'unrecognized', description: `DXtrade push ${message.type}`, raw: exactJson(message.payload) });
      return;
    }
    if (message.type !== 'AccountPortfolios') return;
    const portfolios = (message.payload as { portfolios?: unknown } | undefined)?.portfolios;
    for (const portfolio of Array.isArray(portfolios) ? portfolios : []) this.onPortfolio(portfolio as Record<string, unknown>);
  }

  private onPortfolio(portfolio: Record<string, unknown>): void {
    const account = typeof portfolio['account'] === 'string' ? portfolio['account'] : undefined;
    if (account === undefined || !this.deps.accounts.includes(account)) return;
    const now = this.deps.clock.now();
    const orders = parseEach(OrderSchema, portfolio['orders']);
    for (const problem of orders.problems) this.deps.emit({ kind: 'unrecognized', description: `DXtrade order unreadable: ${problem}`, raw: exactJson(portfolio['orders']) });
    for (const order of orders.values) {
      if (!this.book.learn(order)) continue;
      for (const fill of fillsOf(order, this.deps.currencyOf(account))) if (this.book.firstSight(fill.tradeId)) this.deps.emit({ kind: 'fill', report: fill });
      this.deps.emit({ kind: 'order', report: orderReportOf(order, now) });
    }
    const positions = parseEach(PositionSchema, portfolio['positions']);
    for (const problem of positions.problems) this.deps.emit({ kind: 'unrecognized', description: `DXtrade position unreadable: ${problem}`, raw: exactJson(portfolio['positions']) });
    const seen = new Set<string>();
    for (const position of positions.values) {
      const report = positionReportOf(position, now, this.deps.hedging);
      seen.add(`${position.symbol}|${report.leg ?? 'net'}`);
      this.deps.emit({ kind: 'position', report });
    }
    const before = this.open.get(account) ?? new Set<string>();
    for (const key of before) {
      if (seen.has(key)) continue;
      const [symbol = '', leg = 'net'] = key.split('|');
      this.deps.emit({ kind: 'position', report: { accountId: AccountId.parse(account), instrumentId: instrumentIdOfSymbol(symbol), signedQuantity: Decimal.ZERO, ...(leg === 'net' ? {} : { leg: leg as 'long' | 'short' }), reportedAt: now } });
    }
    this.open.set(account, seen);
  }
}
