import type { Clock } from '../../core/clock';
import { AccountId } from '../../core/identifiers';
import type { AccountReport, PositionStatusReport } from '../../core/reports';
import { Price } from '../../core/money/price';
import { accountReportOf, type IbAccountValue } from './account-report';
import { FieldCursor } from './parse/fields';
import * as encode from './socket/encoder';
import { instrumentIdOf } from './symbols';
import type { TwsClient } from './tws-client';
import { IN } from './versions';

export interface AccountUpdateSink {
  account(report: AccountReport): void;
  position(report: PositionStatusReport): void;
}

/**
 * reqAccountUpdates: TWS streams one account's values (updateAccountValue), its portfolio (updatePortfolio:
 * a position with its market price and P&L, sent at once when a position changes) and an update time after
 * each batch. TWS keeps one such subscription per client, so the adapter holds it for its first account; each
 * batch (ending in ACCT_UPDATE_TIME or ACCT_DOWNLOAD_END) becomes one account report, each portfolio line a
 * position report.
 */
export class IbAccountUpdates {
  private account: AccountId | undefined;
  private readonly values = new Map<string, IbAccountValue>();

  constructor(private readonly client: TwsClient, private readonly clock: Clock, private readonly sink: AccountUpdateSink) {
    client.on(IN.ACCT_VALUE, (fields) => this.onValue(fields));
    client.on(IN.PORTFOLIO_VALUE, (fields) => this.onPortfolio(fields));
    client.on(IN.ACCT_UPDATE_TIME, () => this.flush());
    client.on(IN.ACCT_DOWNLOAD_END, () => this.flush());
  }

  /** (Re)subscribes, after each connect: TWS forgets subscriptions with the connection. */
  subscribe(account: AccountId): void {
    this.account = account;
    this.values.clear();
    this.client.send(encode.reqAccountUpdates(true, account));
  }

  private onValue(fields: readonly string[]): void {
    const r = new FieldCursor(fields, 2);
    const tag = r.str('key');
    const value = r.str('value');
    const currency = r.str('currency');
    const account = r.str('accountName');
    if (account !== this.account) return;
    this.values.set(`${tag}|${currency}`, { tag, value, currency });
  }

  /** PORTFOLIO_VALUE v8: contract (conId … tradingClass, primaryExch as the exchange), position, marketPrice, marketValue, averageCost, unrealized, realized, account. */
  private onPortfolio(fields: readonly string[]): void {
    const r = new FieldCursor(fields, 2);
    r.skip(1); // conId
    const symbol = r.str('contract.symbol');
    const secType = r.str('contract.secType');
    r.skip(4); // lastTradeDate, strike, right, multiplier
    r.skip(1); // primaryExchange
    const currency = r.str('contract.currency');
    r.skip(2); // localSymbol, tradingClass
    const position = r.requiredDecimal('position');
    r.skip(2); // marketPrice, marketValue
    const averageCost = r.decimal('averageCost');
    r.skip(2); // unrealizedPNL, realizedPNL
    const account = r.str('accountName');
    const instrumentId = instrumentIdOf({ secType, symbol, currency });
    if (instrumentId === undefined || account !== this.account) return;
    this.sink.position({
      accountId: AccountId.parse(account), instrumentId, signedQuantity: position,
      ...(averageCost === undefined || position.isZero() ? {} : { averagePrice: Price.of(averageCost.abs()) }),
      reportedAt: this.clock.now(),
    });
  }

  private flush(): void {
    if (this.account === undefined || !this.values.has(`NetLiquidation|${currencyOf(this.values)}`)) return;
    this.sink.account(accountReportOf(this.account, [...this.values.values()], this.clock.now()));
  }
}

function currencyOf(values: ReadonlyMap<string, IbAccountValue>): string {
  for (const v of values.values()) if (v.tag === 'NetLiquidation') return v.currency;
  return '';
}

