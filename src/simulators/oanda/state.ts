import type { Timestamp } from '../../core/clock';
import type { AccountId } from '../../core/identifiers';
import type { Decimal } from '../../core/money/decimal';
import type { Json } from './wire-format';

/** An order as OANDA keeps it. `wire` holds the request fields as they will be written back. */
export interface SimOandaOrder {
  readonly id: string;
  readonly type: 'MARKET' | 'LIMIT' | 'STOP' | 'MARKET_IF_TOUCHED' | 'TAKE_PROFIT' | 'STOP_LOSS' | 'TRAILING_STOP_LOSS';
  readonly instrument: string;
  readonly createTime: Timestamp;
  state: 'PENDING' | 'FILLED' | 'TRIGGERED' | 'CANCELLED';
  /** Signed units (absent for trade-dependent orders). */
  readonly units?: Decimal;
  readonly clientId?: string;
  /** The fields of the order as OANDA writes them (price, timeInForce, clientExtensions, ...). */
  readonly wire: Json;
  /** For dependent orders: the trade they close. */
  readonly tradeId?: string;
  /** The matching engine's id for the order, while it lives there. */
  engineOrderId?: string | undefined;
  fillingTransactionId?: string;
  filledTime?: Timestamp;
  cancellingTransactionId?: string;
  cancelledTime?: Timestamp;
  tradeOpenedId?: string;
  tradeClosedIds: string[];
  replacesOrderId?: string;
  replacedByOrderId?: string;
  filledUnits?: Decimal;
}

export interface SimOandaTrade {
  readonly id: string;
  readonly instrument: string;
  readonly price: Decimal;
  readonly openTime: Timestamp;
  state: 'OPEN' | 'CLOSED';
  readonly initialUnits: Decimal;
  currentUnits: Decimal;
  realizedPL: Decimal;
  financing: Decimal;
  closingTransactionIds: string[];
  closeTime?: Timestamp;
  readonly clientExtensions?: Json;
  takeProfitOrderId?: string;
  stopLossOrderId?: string;
  trailingStopLossOrderId?: string;
  readonly openingOrderId: string;
}

export interface SimOandaAccount {
  readonly id: AccountId;
  readonly alias: string;
  readonly currency: string;
  readonly hedgingEnabled: boolean;
  readonly createdTime: Timestamp;
  /** Account-level margin rate (US accounts: 50:1 majors), used when higher than the instrument's. */
  readonly marginRate: string;
  lastTransactionId: bigint;
  readonly transactions: Json[];
  readonly orders: Map<string, SimOandaOrder>;
  readonly ordersByClientId: Map<string, SimOandaOrder>;
  readonly trades: Map<string, SimOandaTrade>;
  readonly tradesByClientId: Map<string, SimOandaTrade>;
  /** Engine order id → OANDA order id. */
  readonly engineOrders: Map<string, string>;
}

export function newAccount(id: AccountId, options: { alias: string; currency: string; hedgingEnabled: boolean; createdTime: Timestamp; marginRate: string }): SimOandaAccount {
  return {
    id,
    ...options,
    lastTransactionId: 0n,
    transactions: [],
    orders: new Map(),
    ordersByClientId: new Map(),
    trades: new Map(),
    tradesByClientId: new Map(),
    engineOrders: new Map(),
  };
}

/** Appends a transaction with the next id; ids are strictly increasing and consecutive per account. */
export function recordTransaction(account: SimOandaAccount, time: string, batchId: string | undefined, body: Json): Json {
  account.lastTransactionId += 1n;
  const id = account.lastTransactionId.toString();
  const transaction: Json = { id, time, userID: 1, accountID: account.id, batchID: batchId ?? id, requestID: `2${id.padStart(17, '0')}`, ...body };
  account.transactions.push(transaction);
  return transaction;
}

export function nextIdPreview(account: SimOandaAccount): string {
  return (account.lastTransactionId + 1n).toString();
}
