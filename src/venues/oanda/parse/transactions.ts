import type { Timestamp } from '../../../core/clock';
import type { AccountId, VenueClientOrderId } from '../../../core/identifiers';
import { TradeId, VenueOrderId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { VenueReport } from '../../../core/reports';
import { ORDER_TYPE_TO_ENGINE, TIME_IN_FORCE_TO_ENGINE, isOneOf, OANDA_TIME_IN_FORCE, type OandaOrderType } from '../enums';
import { CANCEL_REASON_CODES, ORDER_CANCEL_REASONS, REJECT_REASON_CODES, TRANSACTION_REJECT_REASONS } from '../reasons';
import { toInstrumentId } from '../symbols';
import { type KnownOrder, type KnownOrders, reportOf } from './known-orders';
import { parseOandaTime } from './time';
import type { TransactionWire } from './wire';

/** What each transaction type means to the engine. Exhaustive over the schema's TransactionType (plus later additions we know). */
type Handling = 'create' | 'reject' | 'fill' | 'cancel' | 'financing' | 'transfer' | 'dependent' | 'none';
const TRANSACTION_HANDLING: Readonly<Record<string, Handling>> = {
  MARKET_ORDER: 'create', LIMIT_ORDER: 'create', STOP_ORDER: 'create', MARKET_IF_TOUCHED_ORDER: 'create',
  MARKET_ORDER_REJECT: 'reject', LIMIT_ORDER_REJECT: 'reject', STOP_ORDER_REJECT: 'reject', MARKET_IF_TOUCHED_ORDER_REJECT: 'reject',
  ORDER_FILL: 'fill',
  ORDER_CANCEL: 'cancel',
  DAILY_FINANCING: 'financing',
  TRANSFER_FUNDS: 'transfer',
  // Orders on a trade (created by *OnFill or trade orders): they are not engine orders; their fills still are reported.
  TAKE_PROFIT_ORDER: 'dependent', STOP_LOSS_ORDER: 'dependent', TRAILING_STOP_LOSS_ORDER: 'dependent', GUARANTEED_STOP_LOSS_ORDER: 'dependent',
  TAKE_PROFIT_ORDER_REJECT: 'none', STOP_LOSS_ORDER_REJECT: 'none', TRAILING_STOP_LOSS_ORDER_REJECT: 'none', GUARANTEED_STOP_LOSS_ORDER_REJECT: 'none',
  FIXED_PRICE_ORDER: 'none',
  // Account housekeeping: no order, fill or cash effect the engine tracks (balances come from the account report).
  CREATE: 'none', CLOSE: 'none', REOPEN: 'none', CLIENT_CONFIGURE: 'none', CLIENT_CONFIGURE_REJECT: 'none', TRANSFER_FUNDS_REJECT: 'none',
  ORDER_CANCEL_REJECT: 'none', ORDER_CLIENT_EXTENSIONS_MODIFY: 'none', ORDER_CLIENT_EXTENSIONS_MODIFY_REJECT: 'none',
  TRADE_CLIENT_EXTENSIONS_MODIFY: 'none', TRADE_CLIENT_EXTENSIONS_MODIFY_REJECT: 'none', MARGIN_CALL_ENTER: 'none',
  MARGIN_CALL_EXTEND: 'none', MARGIN_CALL_EXIT: 'none', DELAYED_TRADE_CLOSURE: 'none', RESET_RESETTABLE_PL: 'none',
  DIVIDEND_ADJUSTMENT: 'none',
};

export interface TransactionContext {
  readonly accountId: AccountId;
  readonly currency: string;
  readonly orders: KnownOrders;
  readonly now: Timestamp;
}

export interface MappedTransaction {
  readonly reports: VenueReport[];
  /** Orders the transaction concerns that the adapter has not seen created: look them up over REST. */
  readonly unknownOrderIds: string[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function clientIdOf(transaction: TransactionWire): VenueClientOrderId | undefined {
  const extensions = transaction['clientExtensions'] as { id?: unknown } | undefined;
  return (text(extensions?.id) ?? text(transaction['clientOrderID'])) as VenueClientOrderId | undefined;
}

/** An order-creating transaction as a known order. */
export function knownOrderFromCreate(accountId: AccountId, transaction: TransactionWire, venueOrderId = transaction.id): KnownOrder | undefined {
  const type = ORDER_TYPE_TO_ENGINE[transaction.type.replace(/_ORDER(_REJECT)?$/, '') as OandaOrderType];
  const units = text(transaction['units']);
  const instrument = text(transaction['instrument']);
  const timeInForce = transaction['timeInForce'];
  if (type === undefined || units === undefined || instrument === undefined || !isOneOf(OANDA_TIME_IN_FORCE, timeInForce)) return undefined;
  const signed = Decimal.parse(units);
  const price = text(transaction['price']);
  const bound = text(transaction['priceBound']);
  const clientId = clientIdOf(transaction);
  const isLimit = type === 'limit';
  const limitPrice = isLimit ? price : bound;
  const trigger = isLimit || type === 'market' ? undefined : price;
  return {
    accountId,
    instrumentId: toInstrumentId(instrument),
    venueOrderId: VenueOrderId.of(venueOrderId),
    ...(clientId === undefined ? {} : { venueClientOrderId: clientId }),
    side: signed.isNegative() ? 'sell' : 'buy',
    type,
    timeInForce: TIME_IN_FORCE_TO_ENGINE[timeInForce],
    quantity: Quantity.of(signed.abs()),
    filled: Quantity.ZERO,
    filledNotional: Decimal.ZERO,
    status: 'accepted',
    ...(limitPrice === undefined ? {} : { price: Price.parse(limitPrice) }),
    ...(trigger === undefined ? {} : { triggerPrice: Price.parse(trigger) }),
  };
}

/** Maps one transaction to engine reports, updating the known-order cache. Pure apart from the cache. */
export function mapTransaction(transaction: TransactionWire, context: TransactionContext): MappedTransaction {
  const handling = TRANSACTION_HANDLING[transaction.type];
  const reports: VenueReport[] = [];
  const unknownOrderIds: string[] = [];
  const { accountId, orders } = context;
  const at = parseOandaTime(transaction.time);
  switch (handling) {
    case undefined:
      reports.push({ kind: 'unrecognized', description: `OANDA transaction type ${transaction.type}`, raw: JSON.stringify(transaction) });
      break;
    case 'create': {
      const known = knownOrderFromCreate(accountId, transaction);
      if (known === undefined) {
        reports.push({ kind: 'unrecognized', description: `OANDA ${transaction.type} without the fields of an order`, raw: JSON.stringify(transaction) });
        break;
      }
      if (orders.get(accountId, known.venueOrderId) === undefined) {
        orders.remember(known);
        reports.push({ kind: 'order', report: reportOf(known, at) });
      }
      break;
    }
    case 'reject': {
      const known = knownOrderFromCreate(accountId, transaction);
      const reason = text(transaction['rejectReason']) ?? 'UNKNOWN';
      const code = isOneOf(TRANSACTION_REJECT_REASONS, reason) ? REJECT_REASON_CODES[reason] : 'VENUE_REJECTED';
      if (known !== undefined) {
        known.status = 'rejected';
        reports.push({ kind: 'order', report: reportOf(known, at, { venueReason: reason, reasonCode: code }) });
      }
      break;
    }
    case 'fill': {
      const orderId = text(transaction['orderID']) ?? '';
      const units = Decimal.parse(text(transaction['units']) ?? '0');
      const price = Decimal.parse(text(transaction['price']) ?? '0');
      const known = orders.get(accountId, orderId);
      const instrument = text(transaction['instrument']) ?? '';
      const clientId = clientIdOf(transaction) ?? known?.venueClientOrderId;
      const pl = text(transaction['pl']);
      const commission = text(transaction['commission']) ?? '0';
      reports.push({
        kind: 'fill',
        report: {
          accountId,
          instrumentId: toInstrumentId(instrument),
          venueOrderId: VenueOrderId.of(orderId),
          ...(clientId === undefined ? {} : { venueClientOrderId: clientId }),
          tradeId: TradeId.of(transaction.id),
          side: units.isNegative() ? 'sell' : 'buy',
          quantity: Quantity.of(units.abs()),
          price: Price.of(price),
          // OANDA books commission as a negative amount from the account's side; the engine's commission is a cost.
          commission: Money.parse(commission, context.currency).neg(),
          liquidity: 'taker',
          ...(pl === undefined ? {} : { realizedPnl: Money.parse(pl, context.currency) }),
          occurredAt: at,
        },
      });
      const financing = text(transaction['financing']);
      if (financing !== undefined && !Decimal.parse(financing).isZero()) {
        reports.push({ kind: 'cash', report: { accountId, instrumentId: toInstrumentId(instrument), kind: 'financing', amount: Money.parse(financing, context.currency), venueTransactionId: transaction.id, occurredAt: at } });
      }
      if (known !== undefined) {
        orders.applyFill(known, units, price);
        reports.push({ kind: 'order', report: reportOf(known, at) });
      } else if (orderId !== '') unknownOrderIds.push(orderId);
      break;
    }
    case 'cancel': {
      const orderId = text(transaction['orderID']) ?? '';
      const reason = text(transaction['reason']) ?? 'UNKNOWN';
      const known = orders.get(accountId, orderId);
      if (known === undefined) {
        if (orderId !== '') unknownOrderIds.push(orderId);
        break;
      }
      if (known.status === 'filled') break;
      // A replaced order lives on as its replacement (reported through the replacement's create): no cancel to report.
      if (reason === 'CLIENT_REQUEST_REPLACED') {
        known.status = 'canceled';
        break;
      }
      known.status = reason === 'TIME_IN_FORCE_EXPIRED' ? 'expired' : 'canceled';
      const code = isOneOf(ORDER_CANCEL_REASONS, reason) ? CANCEL_REASON_CODES[reason] : 'VENUE_REJECTED';
      reports.push({ kind: 'order', report: reportOf(known, at, code === undefined ? { venueReason: reason } : { venueReason: reason, reasonCode: code }) });
      break;
    }
    case 'financing': {
      const amount = text(transaction['financing']) ?? '0';
      reports.push({ kind: 'cash', report: { accountId, kind: 'financing', amount: Money.parse(amount, context.currency), venueTransactionId: transaction.id, occurredAt: at } });
      break;
    }
    case 'transfer': {
      const amount = Decimal.parse(text(transaction['amount']) ?? '0');
      reports.push({ kind: 'cash', report: { accountId, kind: amount.isNegative() ? 'withdrawal' : 'deposit', amount: Money.of(amount, context.currency), venueTransactionId: transaction.id, occurredAt: at } });
      break;
    }
    case 'dependent':
    case 'none':
      break;
  }
  return { reports, unknownOrderIds };
}
