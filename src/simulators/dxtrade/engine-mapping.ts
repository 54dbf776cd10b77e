import type { OrderType } from '../../core/orders/types';
import type { MatchingRejectCode } from '../matching';
import { DX_ERRORS, type DxtradeError } from './errors';
import { instrumentSpec } from './instruments';
import type { ValidOrder } from './validation';

/** Engine rejections that DXtrade makes before issuing an order: a 409 answer, and no order exists. */
export const PRE_ISSUE: Partial<Record<MatchingRejectCode, (order: ValidOrder) => DxtradeError>> = {
  INSUFFICIENT_MARGIN: () => DX_ERRORS.insufficientMargin(),
  INSUFFICIENT_BALANCE: () => DX_ERRORS.insufficientMargin(),
  INSTRUMENT_NOT_TRADING: (o) => DX_ERRORS.marketClosed(o.instrument),
  UNKNOWN_INSTRUMENT: () => DX_ERRORS.notFound(),
  REDUCE_ONLY_WOULD_INCREASE: (o) => DX_ERRORS.positionNotFound(o.positionCode ?? o.instrument),
  INVALID_EXPIRY: () => DX_ERRORS.badRequest('expireDate must be in the future'),
  PRICE_OFF_TICK: (o) => DX_ERRORS.priceIncrement(String(o.limitPrice ?? o.stopPrice), instrumentSpec(o.instrument)?.priceIncrement ?? ''),
  QUANTITY_BELOW_MINIMUM: (o) => DX_ERRORS.quantityBelowMinimum(instrumentSpec(o.instrument)?.minOrderSize ?? ''),
};

export const ENGINE_TYPE: Readonly<Record<ValidOrder['type'], OrderType>> = { MARKET: 'market', LIMIT: 'limit', STOP: 'stop-market', STOP_LIMIT: 'stop-limit' };

