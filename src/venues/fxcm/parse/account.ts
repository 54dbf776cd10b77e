import { Decimal } from '../../../core/money/decimal';
import { fieldOf, fieldsOf, type FixMessage } from '../../fix/codec';
import { Tag } from '../../fix/tags';

export interface CollateralWire {
  readonly account: string;
  readonly balance: Decimal;
  readonly startCash?: Decimal;
  readonly usedMargin?: Decimal;
  /** PartySubIDType 4000: Y hedging, N no hedging, 0 netting. */
  readonly positionMaintenance?: string;
  readonly last: boolean;
}

/** CollateralReport (BA): the balance is EndCash(922) (CashOutstanding(901) when absent); FXCM sends no equity on FIX. */
export function parseCollateralReport(message: FixMessage): CollateralWire | undefined {
  const account = fieldOf(message, Tag.Account);
  const balance = Decimal.tryParse(fieldOf(message, Tag.EndCash) ?? fieldOf(message, Tag.CashOutstanding) ?? '');
  if (account === undefined || balance === undefined) return undefined;
  const subIds = fieldsOf(message, 523);
  const subTypes = fieldsOf(message, 803);
  const maintenance = subIds[subTypes.indexOf('4000')];
  const startCash = Decimal.tryParse(fieldOf(message, Tag.StartCash) ?? '');
  const usedMargin = Decimal.tryParse(fieldOf(message, Tag.FXCMUsedMargin) ?? '');
  return {
    account, balance, last: fieldOf(message, Tag.LastRptRequested) !== 'N',
    ...(startCash === undefined ? {} : { startCash }), ...(usedMargin === undefined ? {} : { usedMargin }),
    ...(maintenance === undefined ? {} : { positionMaintenance: maintenance }),
  };
}

export interface PositionWire {
  readonly account: string;
  readonly symbol: string;
  readonly signedQuantity: Decimal;
  readonly openPrice?: Decimal;
  readonly posId?: string;
  readonly last: boolean;
}

/** PositionReport (AP) for an open position: LongQty(704) or ShortQty(705), SettlPrice(730) the open price. */
export function parsePositionReport(message: FixMessage): PositionWire | undefined {
  const account = fieldOf(message, Tag.Account);
  const symbol = fieldOf(message, Tag.Symbol);
  const long = Decimal.tryParse(fieldOf(message, Tag.LongQty) ?? '0') ?? Decimal.ZERO;
  const short = Decimal.tryParse(fieldOf(message, Tag.ShortQty) ?? '0') ?? Decimal.ZERO;
  if (account === undefined || symbol === undefined) return undefined;
  const openPrice = Decimal.tryParse(fieldOf(message, Tag.SettlPrice) ?? '');
  const posId = fieldOf(message, Tag.FXCMPosID);
  return {
    account, symbol, signedQuantity: long.sub(short), last: fieldOf(message, Tag.LastRptRequested) !== 'N',
    ...(openPrice === undefined ? {} : { openPrice }), ...(posId === undefined ? {} : { posId }),
  };
}
