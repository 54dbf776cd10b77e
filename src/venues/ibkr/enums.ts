import type { OrderStatus } from '../../core/orders/status';
import type { OrderType, TimeInForce } from '../../core/orders/types';

/** Engine order type → TWS orderType. */
export const ORDER_TYPE_TO_IB: Readonly<Record<OrderType, string>> = {
  market: 'MKT', limit: 'LMT', 'stop-market': 'STP', 'stop-limit': 'STP LMT', 'trailing-stop': 'TRAIL',
  'trailing-limit': 'TRAIL LIMIT', 'market-if-touched': 'MIT', 'limit-if-touched': 'LIT',
};

/** TWS orderType → engine order type; a type not here is reported as unrecognized, never guessed. */
export const ORDER_TYPE_FROM_IB: Readonly<Record<string, OrderType>> = {
  MKT: 'market', LMT: 'limit', STP: 'stop-market', 'STP LMT': 'stop-limit', TRAIL: 'trailing-stop',
  'TRAIL LIMIT': 'trailing-limit', MIT: 'market-if-touched', LIT: 'limit-if-touched',
};

export const TIME_IN_FORCE_TO_IB: Readonly<Record<TimeInForce, string>> = { DAY: 'DAY', GTC: 'GTC', IOC: 'IOC', GTD: 'GTD', FOK: 'FOK', OPG: 'OPG' };
export const TIME_IN_FORCE_FROM_IB: Readonly<Record<string, TimeInForce>> = { DAY: 'DAY', GTC: 'GTC', IOC: 'IOC', GTD: 'GTD', FOK: 'FOK', OPG: 'OPG' };

/** TWS OrderStatus → engine status (before fills are taken into account). */
export const ORDER_STATUS_FROM_IB: Readonly<Record<string, OrderStatus>> = {
  ApiPending: 'submitted', PendingSubmit: 'submitted', PreSubmitted: 'accepted', Submitted: 'accepted', PendingCancel: 'pending-cancel',
  ApiCancelled: 'canceled', Cancelled: 'canceled', Filled: 'filled', Inactive: 'rejected',
};

/** Error codes that answer an order request (the order id is the error's id). */
export const ORDER_REJECT_CODES: Readonly<Record<number, string>> = {
  103: 'VENUE_DUPLICATE_ORDER', 104: 'VENUE_REJECTED', 105: 'VENUE_REJECTED', 110: 'VENUE_FILTER_FAILURE', 135: 'VENUE_UNKNOWN_ORDER',
  161: 'VENUE_REJECTED', 200: 'VENUE_REJECTED', 201: 'VENUE_REJECTED', 320: 'VENUE_PROTOCOL', 321: 'VENUE_REJECTED', 387: 'VENUE_UNSUPPORTED',
  434: 'VENUE_FILTER_FAILURE', 10147: 'VENUE_UNKNOWN_ORDER',
};

/** Notices TWS sends with id -1 that are not errors: farm connection states. */
export const INFORMATIONAL_CODES: ReadonlySet<number> = new Set([2103, 2104, 2105, 2106, 2107, 2108, 2119, 2157, 2158]);
export const CONNECTIVITY_LOST = 1100;
export const RESTORED_DATA_LOST = 1101;
export const RESTORED_DATA_MAINTAINED = 1102;
export const ORDER_CANCELED = 202;
