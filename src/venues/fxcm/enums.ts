import type { OrderStatus } from '../../core/orders/status';
import type { OrderSide, OrderType, TimeInForce } from '../../core/orders/types';

/**
 * FIX 4.4 enums FXCM uses, mapped through exhaustive tables. A value missing from a table is never guessed:
 * the parser reports the message as unrecognized.
 */

/** OrdStatus (39), every FIX 4.4 value. Pending states keep the order open; "Stopped" (7) is FXCM's fill confirmation before "done" (EMF). */
export const ORD_STATUS: Readonly<Record<string, OrderStatus>> = {
  '0': 'accepted', '1': 'partially-filled', '2': 'filled', '3': 'canceled', '4': 'canceled', '5': 'accepted',
  '6': 'pending-cancel', '7': 'partially-filled', '8': 'rejected', '9': 'accepted', A: 'submitted', B: 'accepted',
  C: 'expired', D: 'accepted', E: 'pending-update',
};

/** ExecType (150), every FIX 4.4 value, with what it tells about the order. */
export const EXEC_TYPE = {
  '0': 'new', '3': 'done-for-day', '4': 'canceled', '5': 'replaced', '6': 'pending-cancel', '7': 'stopped', '8': 'rejected',
  '9': 'suspended', A: 'pending-new', B: 'calculated', C: 'expired', D: 'restated', E: 'pending-replace', F: 'trade',
  G: 'trade-correct', H: 'trade-cancel', I: 'order-status',
} as const;
export type ExecKind = (typeof EXEC_TYPE)[keyof typeof EXEC_TYPE];

export const SIDE_TO_WIRE: Readonly<Record<OrderSide, '1' | '2'>> = { buy: '1', sell: '2' };
export const SIDE_FROM_WIRE: Readonly<Record<string, OrderSide>> = { '1': 'buy', '2': 'sell' };

/** OrdType (40): FXCM's market (1), limit (2), stop (3); 4 is its "market range" (a market order with a worst price in StopPx). */
export const ORD_TYPE_TO_WIRE: Readonly<Partial<Record<OrderType, '1' | '2' | '3'>>> = { market: '1', limit: '2', 'stop-market': '3' };
export const ORD_TYPE_FROM_WIRE: Readonly<Record<string, OrderType>> = { '1': 'market', '2': 'limit', '3': 'stop-market', '4': 'market' };

// OPG is FIX's At the Opening (2); FXCM's guide does not list it, and no order type here declares it.
export const TIME_IN_FORCE_TO_WIRE: Readonly<Record<TimeInForce, string>> = { DAY: '0', GTC: '1', IOC: '3', FOK: '4', GTD: '6', OPG: '2' };
export const TIME_IN_FORCE_FROM_WIRE: Readonly<Record<string, TimeInForce>> = { '0': 'DAY', '1': 'GTC', '3': 'IOC', '4': 'FOK', '6': 'GTD' };

/**
 * Time in force per order type, from FXCM's guide: market GTC/DAY/IOC/FOK (immediate whatever the TIF; we
 * declare IOC and FOK), limit GTC/DAY/GTD (its IOC/FOK limits must be marketable, ORA-20112, so passive
 * IOC/FOK limits are not declared), stop GTC/DAY/GTD.
 */
export const TIME_IN_FORCE_BY_TYPE: Readonly<Partial<Record<OrderType, readonly TimeInForce[]>>> = {
  market: ['IOC', 'FOK'],
  limit: ['GTC', 'DAY', 'GTD'],
  'stop-market': ['GTC', 'DAY', 'GTD'],
};

/** OrdRejReason (103) and CxlRejReason (102) to engine codes. */
export const ORD_REJ_CODE: Readonly<Record<string, string>> = {
  '0': 'VENUE_REJECTED', '1': 'VENUE_FILTER_FAILURE', '2': 'VENUE_MARKET_CLOSED', '3': 'VENUE_REJECTED', '4': 'VENUE_REJECTED',
  '5': 'VENUE_UNKNOWN_ORDER', '6': 'VENUE_DUPLICATE_ORDER', '11': 'VENUE_FILTER_FAILURE', '13': 'VENUE_FILTER_FAILURE', '99': 'VENUE_REJECTED',
};
export const CXL_REJ_CODE: Readonly<Record<string, string>> = { '0': 'VENUE_REJECTED', '1': 'VENUE_UNKNOWN_ORDER', '2': 'VENUE_REJECTED', '3': 'VENUE_REJECTED', '6': 'VENUE_DUPLICATE_ORDER', '99': 'VENUE_REJECTED' };

/** FXCM's texts (Text 58) that say more than the FIX reason code. */
export function codeOfText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (text.includes('ORA-20113')) return 'VENUE_INSUFFICIENT_BALANCE';
  if (text.includes('ORA-20112') || text.includes('ORA-20143')) return 'VENUE_BOUNDS_VIOLATION';
  if (text.includes('No Account specified')) return 'VENUE_REJECTED';
  return undefined;
}
