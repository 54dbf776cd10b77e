import type { OrderStatus } from '../../core/orders/status';
import type { OrderSide, OrderType, TimeInForce } from '../../core/orders/types';

/** DXtrade's wire enums (REST spec, Order and Single Order Request entities) and their engine meaning. */
export const DX_STATUSES = ['ACCEPTED', 'WORKING', 'COMPLETED', 'CANCELED', 'EXPIRED', 'REJECTED'] as const;
export type DxStatus = (typeof DX_STATUSES)[number];
export const DX_TYPES = ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT'] as const;
export type DxType = (typeof DX_TYPES)[number];
export const DX_TIFS = ['GTC', 'DAY', 'GTD', 'IOC', 'FOK'] as const;
export type DxTif = (typeof DX_TIFS)[number];
export const DX_SIDES = ['BUY', 'SELL'] as const;
export type DxSide = (typeof DX_SIDES)[number];

/** WORKING with a fill is partially filled; the table gives the status before that refinement. */
export const STATUS_FROM_WIRE: Readonly<Record<DxStatus, OrderStatus>> = {
  ACCEPTED: 'accepted', WORKING: 'accepted', COMPLETED: 'filled', CANCELED: 'canceled', EXPIRED: 'expired', REJECTED: 'rejected',
};

export const TYPE_FROM_WIRE: Readonly<Record<DxType, OrderType>> = { MARKET: 'market', LIMIT: 'limit', STOP: 'stop-market', STOP_LIMIT: 'stop-limit' };
export const TYPE_TO_WIRE: Readonly<Partial<Record<OrderType, DxType>>> = { market: 'MARKET', limit: 'LIMIT', 'stop-market': 'STOP', 'stop-limit': 'STOP_LIMIT' };
export const SIDE_FROM_WIRE: Readonly<Record<DxSide, OrderSide>> = { BUY: 'buy', SELL: 'sell' };
export const SIDE_TO_WIRE: Readonly<Record<OrderSide, DxSide>> = { buy: 'BUY', sell: 'SELL' };
export const TIF_FROM_WIRE: Readonly<Record<DxTif, TimeInForce>> = { GTC: 'GTC', DAY: 'DAY', GTD: 'GTD', IOC: 'IOC', FOK: 'FOK' };

/** The spec's TIF table: GTC for markets, limits and stops; DAY and GTD for limits and stops; IOC and FOK. */
export const TIME_IN_FORCE_BY_TYPE: Readonly<Partial<Record<OrderType, readonly TimeInForce[]>>> = {
  market: ['GTC', 'IOC', 'FOK'],
  limit: ['GTC', 'DAY', 'GTD', 'IOC', 'FOK'],
  'stop-market': ['GTC', 'DAY', 'GTD'],
  'stop-limit': ['GTC', 'DAY', 'GTD'],
};

export function oneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
