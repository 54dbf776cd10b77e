/**
 * What TradeLocker keeps beside the matching engine's orders: its own order fields (route, validity, the
 * strategyId tag, the SL/TP asked for), and positions with their ids and protective orders. Plain data, so a
 * snapshot is a JSON document.
 */
export type TlOrderType = 'market' | 'limit' | 'stop';
export type TlValidity = 'IOC' | 'GTC';
export type TlProtectionType = 'absolute' | 'offset' | 'trailingOffset';

export interface TlProtection {
  readonly value: string;
  readonly type: TlProtectionType;
}

export interface TlOrderRecord {
  /** The engine's order id: TradeLocker order ids are integers too. */
  readonly orderId: string;
  readonly accountId: string;
  readonly instrument: string;
  readonly routeId: string;
  readonly type: TlOrderType;
  validity: TlValidity;
  readonly strategyId?: string;
  stopLoss?: TlProtection;
  takeProfit?: TlProtection;
  /** entry: placed by the client; stop-loss / take-profit: a position's protection; close: a position close. */
  readonly role: 'entry' | 'stop-loss' | 'take-profit' | 'close';
  positionId?: string;
  readonly createdDate: number;
  lastModified: number;
}

export interface TlPositionRecord {
  readonly id: string;
  readonly accountId: string;
  readonly instrument: string;
  /** The matching engine's leg: one TradeLocker position per leg (netting: 'net'; hedging: 'long' / 'short'). */
  readonly leg: 'net' | 'long' | 'short';
  readonly openDate: number;
  stopLossId?: string;
  takeProfitId?: string;
  strategyId?: string;
}

export interface TlAccountOptions {
  /** The account id used in paths (`/trade/accounts/{accountId}/...`). */
  readonly id: string;
  /** The account number sent in the `accNum` header. */
  readonly accNum: string;
  readonly name?: string;
  readonly balance: string;
  /** us: netting (no hedging, FIFO), 50:1 leverage; international: hedging, 100:1. */
  readonly profile: 'international' | 'us';
}

export interface SavedTlState {
  readonly version: 1;
  readonly engine: string;
  readonly orders: readonly TlOrderRecord[];
  readonly positions: readonly TlPositionRecord[];
  readonly nextPositionId: number;
  readonly nextClientId: number;
}
