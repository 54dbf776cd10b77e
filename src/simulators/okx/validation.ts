import { Decimal } from '../../core';
import type { SimInstrument } from './symbols';

/** A per-order failure: the `sCode`/`sMsg` pair that goes inside a 200 answer's `data`. */
export interface OrderFailure {
  readonly sCode: string;
  readonly sMsg: string;
}

export const paramError = (name: string): OrderFailure => ({ sCode: '51000', sMsg: `Parameter ${name} error` });
export const paramEmpty = (name: string): OrderFailure => ({ sCode: '50014', sMsg: `Parameter ${name} can not be empty.` });
export const NO_INSTRUMENT: OrderFailure = { sCode: '51001', sMsg: "Instrument ID doesn't exist." };
export const DUPLICATE_CLORDID: OrderFailure = { sCode: '51016', sMsg: 'Duplicated clOrdId' };
export const BELOW_MIN: OrderFailure = { sCode: '51020', sMsg: 'Your order should meet or exceed the minimum order amount.' };
export const OFF_LOT: OrderFailure = { sCode: '51121', sMsg: 'Order quantity must be a multiple of the lot size.' };
export const insufficient = (ccy: string): OrderFailure => ({ sCode: '51008', sMsg: `Order failed. Insufficient ${ccy} balance in account.` });

/** docs-v5 "Place order" ordType values the simulator serves on SPOT. */
export const ORDER_TYPES = ['market', 'limit', 'post_only', 'fok', 'ioc', 'optimal_limit_ioc'] as const;
export type WireOrderType = (typeof ORDER_TYPES)[number];
const CLORDID = /^[A-Za-z0-9]{1,32}$/;
const DECIMAL = /^\d+(\.\d+)?$/;

export interface ParsedOrder {
  readonly spec: SimInstrument;
  readonly side: 'buy' | 'sell';
  readonly ordType: WireOrderType;
  readonly tdMode: string;
  readonly sz: Decimal;
  readonly szText: string;
  readonly px?: Decimal;
  readonly pxText: string;
  readonly clOrdId: string;
  readonly tag: string;
  /** Market orders: whether sz counts the quote currency (OKX's default for a SPOT market buy). */
  readonly byQuote: boolean;
  readonly tgtCcy: string;
  readonly attachAlgoOrds: readonly Record<string, string>[];
}

function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** Reads one `POST /api/v5/trade/order` body (also one entry of batch-orders and `op: order`). */
export function parseOrder(body: Record<string, unknown>, instruments: ReadonlyMap<string, SimInstrument>): ParsedOrder | OrderFailure {
  const instId = text(body, 'instId');
  if (instId === undefined) return paramEmpty('instId');
  const spec = instruments.get(instId);
  if (spec === undefined) return NO_INSTRUMENT;
  const tdMode = text(body, 'tdMode');
  if (tdMode === undefined) return paramEmpty('tdMode');
  if (tdMode !== 'cash' && tdMode !== 'cross' && tdMode !== 'spot_isolated') return paramError('tdMode');
  const side = text(body, 'side');
  if (side === undefined) return paramEmpty('side');
  if (side !== 'buy' && side !== 'sell') return paramError('side');
  const ordType = text(body, 'ordType');
  if (ordType === undefined) return paramEmpty('ordType');
  if (!(ORDER_TYPES as readonly string[]).includes(ordType)) return paramError('ordType');
  const szText = text(body, 'sz');
  if (szText === undefined) return paramEmpty('sz');
  if (!DECIMAL.test(szText) || Decimal.parse(szText).isZero()) return paramError('sz');
  const pxText = text(body, 'px');
  const market = ordType === 'market' || ordType === 'optimal_limit_ioc';
  if (!market && pxText === undefined) return paramEmpty('px');
  if (pxText !== undefined && (!DECIMAL.test(pxText) || Decimal.parse(pxText).isZero())) return paramError('px');
  const clOrdId = text(body, 'clOrdId') ?? '';
  if (clOrdId !== '' && !CLORDID.test(clOrdId)) return paramError('clOrdId');
  const tgtCcy = text(body, 'tgtCcy') ?? '';
  if (tgtCcy !== '' && tgtCcy !== 'base_ccy' && tgtCcy !== 'quote_ccy') return paramError('tgtCcy');
  // ccxt sends tgtCcy with every SPOT order; OKX accepts it and applies it to market orders only.
  const attached = body.attachAlgoOrds;
  if (attached !== undefined && !Array.isArray(attached)) return paramError('attachAlgoOrds');
  return {
    spec,
    side,
    ordType: ordType as WireOrderType,
    tdMode,
    sz: Decimal.parse(szText),
    szText,
    ...(pxText === undefined || market ? {} : { px: Decimal.parse(pxText) }),
    pxText: market ? '' : (pxText ?? ''),
    clOrdId,
    tag: text(body, 'tag') ?? '',
    byQuote: market && side === 'buy' && tgtCcy !== 'base_ccy',
    tgtCcy: market ? (tgtCcy !== '' ? tgtCcy : side === 'buy' ? 'quote_ccy' : 'base_ccy') : '',
    attachAlgoOrds: (attached ?? []) as Record<string, string>[],
  };
}

/** Instrument rules OKX checks before the book: lot multiple, minimum size, tick. */
export function checkRules(order: ParsedOrder, quantity: Decimal): OrderFailure | undefined {
  const lot = Decimal.parse(order.spec.lotSz);
  if (!order.byQuote && !quantity.isMultipleOf(lot)) return OFF_LOT;
  if (quantity.lt(Decimal.parse(order.spec.minSz))) return BELOW_MIN;
  if (order.px !== undefined && !order.px.isMultipleOf(Decimal.parse(order.spec.tickSz))) return paramError('px');
  return undefined;
}
