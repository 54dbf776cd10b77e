import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import type { AcceptorSession } from '../fix/acceptor';
import { valueOf, type InboundMessage } from '../fix/wire';
import type { FxcmSimAccount } from './accounts';
import type { FxcmExchange } from './exchange';
import { collateralReport, positionReport } from './wire-format';
import { InstrumentId } from '../../core/identifiers';

/** CollateralInquiry (BB) → CollateralReport (BA) per account; RequestForPositions (AN) → RequestForPositionsAck (AO) and PositionReport (AP). */
export class FxcmAccountDesk {
  private reportId = 4647057334;

  constructor(private readonly exchange: FxcmExchange, private readonly accounts: readonly FxcmSimAccount[]) {}

  private nextReportId(): string {
    this.reportId += 1;
    return String(this.reportId);
  }

  collateral(session: AcceptorSession, message: InboundMessage): void {
    const inquiryId = valueOf(message, 909);
    this.accounts.forEach((account, i) => {
      const state = this.exchange.engine.account(AccountId.parse(account.id));
      const balance = state.balances.find((b) => b.currency === state.baseCurrency)?.total ?? Decimal.ZERO;
      session.send('BA', collateralReport(account, { balance, startCash: balance, usedMargin: state.marginUsed }, {
        reportId: this.nextReportId(), total: this.accounts.length, last: i === this.accounts.length - 1, ...(inquiryId === undefined ? {} : { inquiryId }),
      }));
    });
  }

  positions(session: AcceptorSession, message: InboundMessage): void {
    const account = valueOf(message, 1);
    const posReqId = valueOf(message, 710) ?? '';
    const known = this.accounts.find((a) => a.id === account);
    const ack = (result: string, total: number, text?: string) =>
      session.send('AO', [[1, account ?? ''], [710, posReqId], [721, this.nextReportId()], [724, valueOf(message, 724) ?? '0'], [727, String(total)], [728, result], [729, result === '0' ? '0' : '2'], ...(text === undefined ? [] : ([[58, text]] as [number, string][]))]);
    // PosReqResult (728): 0 valid, 2 no positions found, 99 other (an account not of this login).
    if (known === undefined) return ack('99', 0, `Account(1) ${account ?? 'missing'} is not an account of this login`);
    if (valueOf(message, 724) !== '0') return ack('99', 0, 'PosReqType(724) 0 (open positions) is the one the simulator keeps');
    const open = this.exchange.engine.positions(AccountId.parse(known.id)).filter((p) => !p.signedQuantity.isZero());
    if (open.length === 0) return ack('2', 0, 'No open positions');
    ack('0', open.length);
    const now = this.exchange.options.clock.now();
    open.forEach((p, i) => {
      const symbol = InstrumentId.symbol(p.instrumentId);
      const posId = `${known.id.replace(/^0+/, '')}${symbol.replace('/', '')}${p.leg === 'short' ? 'S' : 'L'}`;
      session.send('AP', positionReport(known.id, { posId, symbol, signedQuantity: p.signedQuantity, openPrice: p.averagePrice, usedMargin: Decimal.ZERO, interest: p.financing }, {
        posReqId, reportId: this.nextReportId(), total: open.length, last: i === open.length - 1, at: now,
      }));
    });
  }
}
