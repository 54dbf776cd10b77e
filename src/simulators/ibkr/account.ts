import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import type { MatchingEngine } from '../matching';
import { IB_CONTRACTS, engineInstrumentId, type IbContractSpec } from './instruments';
import type { SimIbState } from './state';

export interface IbPositionView {
  readonly spec: IbContractSpec;
  readonly quantity: Decimal;
  readonly averageCost: Decimal;
  readonly marketPrice: Decimal;
  readonly unrealized: Decimal;
  readonly realized: Decimal;
}

/** The account as TWS reports it, from the matching engine's ledger less the commissions IB charged. */
export class IbAccountView {
  constructor(
    private readonly engine: MatchingEngine,
    private readonly state: SimIbState,
  ) {}

  positions(account: string): IbPositionView[] {
    const out: IbPositionView[] = [];
    for (const p of this.engine.positions(AccountId.parse(account))) {
      const spec = IB_CONTRACTS.find((c) => engineInstrumentId(c) === p.instrumentId);
      if (spec === undefined || p.signedQuantity.isZero()) continue;
      const book = this.engine.book(p.instrumentId);
      const mark = (p.signedQuantity.isPositive() ? book?.bestBid() : book?.bestAsk()) ?? p.averagePrice;
      out.push({ spec, quantity: p.signedQuantity, averageCost: p.averagePrice, marketPrice: mark, unrealized: p.unrealizedPnl, realized: p.realizedPnl });
    }
    return out;
  }

  commissions(account: string): Decimal {
    return this.state.commissions[account] ?? Decimal.ZERO;
  }

  /** Cash in USD: the engine's balance less commissions. */
  cash(account: string): Decimal {
    const balance = this.engine.account(AccountId.parse(account)).balances.find((b) => b.currency === 'USD')?.total ?? Decimal.ZERO;
    return balance.sub(this.commissions(account));
  }

  /** The account summary tags TWS serves (values in USD, two decimals as TWS writes them). */
  summary(account: string): { tag: string; value: string; currency: string }[] {
    const state = this.engine.account(AccountId.parse(account));
    const fee = this.commissions(account);
    const gross = this.positions(account).reduce((sum, p) => sum.add(p.quantity.abs().mul(p.marketPrice)), Decimal.ZERO);
    const money = (d: Decimal): string => d.rescale(2, 'half-even').toString();
    const net = state.equity.sub(fee);
    const available = state.marginAvailable.sub(fee);
    const values: [string, Decimal | string][] = [
      ['AccountType', 'INDIVIDUAL'], ['NetLiquidation', net], ['TotalCashValue', this.cash(account)], ['SettledCash', this.cash(account)],
      ['AccruedCash', Decimal.ZERO], ['BuyingPower', available.mul(Decimal.fromInteger(4))], ['EquityWithLoanValue', net],
      ['GrossPositionValue', gross], ['InitMarginReq', state.marginUsed], ['MaintMarginReq', state.marginUsed],
      ['AvailableFunds', available], ['ExcessLiquidity', available], ['Cushion', net.isZero() ? Decimal.ZERO : available.div(net, 6, 'half-even')],
      ['Leverage', net.isZero() ? Decimal.ZERO : gross.div(net, 2, 'half-even')],
    ];
    return values.map(([tag, value]) => ({ tag, value: typeof value === 'string' ? value : money(value), currency: typeof value === 'string' ? '' : 'USD' }));
  }

  /** `$LEDGER` lines: the cash balance per currency (the simulator books all cash in USD). */
  ledger(account: string): { tag: string; value: string; currency: string }[] {
    const cash = this.cash(account).rescale(2, 'half-even').toString();
    return [
      { tag: 'Currency', value: 'USD', currency: 'USD' }, { tag: 'CashBalance', value: cash, currency: 'USD' },
      { tag: 'TotalCashBalance', value: cash, currency: 'USD' }, { tag: 'ExchangeRate', value: '1.00', currency: 'USD' },
      { tag: 'Currency', value: 'BASE', currency: 'BASE' }, { tag: 'CashBalance', value: cash, currency: 'BASE' },
    ];
  }
}
