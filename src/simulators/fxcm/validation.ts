import { Decimal } from '../../core/money/decimal';
import { readUtcTimestamp, valueOf, type InboundMessage } from '../fix/wire';
import { BASE_UNIT_SIZE, MAX_QUANTITY, securityOf } from './instruments';

/**
 * FXCM's rejection texts. The ORA-201xx ones are FXCM's own, as its FIX guide quotes them ("19915;DAS 19915:
 * ZDas Exception ORA-20113: Insufficient margin in session"); "No Account specified" is its guide's text for a
 * missing Account(1). FXCM documents no text for the others: those use FIX 4.4 OrdRejReason codes with
 * plain words of ours.
 */
export const FXCM_TEXT = {
  noAccount: 'No Account specified',
  limitPrice: '19915;DAS 19915: ZDas Exception ORA-20112: Limit price did not pass validation',
  margin: '19915;DAS 19915: ZDas Exception ORA-20113: Insufficient margin in session',
  tooFar: '19915;DAS 19915: ZDas Exception ORA-20143: Order price too far from market price',
} as const;

/** FIX 4.4 OrdRejReason (103). */
export const ORD_REJ = { brokerOption: '0', unknownSymbol: '1', exchangeClosed: '2', duplicate: '6', unsupported: '11', quantity: '13', other: '99' } as const;

export interface ValidOrder {
  readonly account: string;
  readonly clOrdId: string;
  readonly symbol: string;
  readonly side: '1' | '2';
  readonly ordType: '1' | '2' | '3' | '4';
  readonly timeInForce: '0' | '1' | '3' | '4' | '6';
  readonly quantity: Decimal;
  readonly price?: Decimal;
  readonly stopPx?: Decimal;
  readonly expireTime?: string;
  readonly expireAt?: number;
}

export type Checked = { readonly ok: true; readonly order: ValidOrder } | { readonly ok: false; readonly reason: string; readonly text: string };

const fail = (reason: string, text: string): Checked => ({ ok: false, reason, text });

function decimalField(message: InboundMessage, tag: number): Decimal | undefined | 'bad' {
  const text = valueOf(message, tag);
  if (text === undefined) return undefined;
  return /^\d+(\.\d+)?$/.test(text) ? Decimal.parse(text) : 'bad';
}

/** NewOrderSingle (D) as FXCM checks it: account, symbol, the lot, order type against time in force, prices on the tick. */
export function checkNewOrder(message: InboundMessage, accounts: ReadonlySet<string>): Checked {
  const account = valueOf(message, 1);
  if (account === undefined || account === '') return fail(ORD_REJ.other, FXCM_TEXT.noAccount);
  if (!accounts.has(account)) return fail(ORD_REJ.other, `Account(1) ${account} is not an account of this login`);
  const clOrdId = valueOf(message, 11);
  if (clOrdId === undefined || clOrdId === '') return fail(ORD_REJ.other, 'ClOrdID(11) required');
  const symbol = valueOf(message, 55) ?? '';
  const spec = securityOf(symbol);
  if (spec === undefined) return fail(ORD_REJ.unknownSymbol, `Unknown symbol ${symbol}`);
  const side = valueOf(message, 54);
  if (side !== '1' && side !== '2') return fail(ORD_REJ.unsupported, `Side(54) must be 1 or 2, found ${side ?? 'none'}`);
  const ordType = valueOf(message, 40);
  if (ordType !== '1' && ordType !== '2' && ordType !== '3' && ordType !== '4') return fail(ORD_REJ.unsupported, `OrdType(40) must be 1, 2, 3 or 4, found ${ordType ?? 'none'}`);
  const tif = valueOf(message, 59) ?? '1';
  if (tif !== '0' && tif !== '1' && tif !== '3' && tif !== '4' && tif !== '6') return fail(ORD_REJ.unsupported, `TimeInForce(59) must be 0, 1, 3, 4 or 6, found ${tif}`);
  // FXCM's guide: market range (stop-limit) IOC/FOK only, stop GTC/DAY (and GTD), limit any.
  if (ordType === '4' && tif !== '3' && tif !== '4') return fail(ORD_REJ.unsupported, 'OrdType(40)=4 (market range) needs TimeInForce(59) 3 or 4');
  if (ordType === '3' && (tif === '3' || tif === '4')) return fail(ORD_REJ.unsupported, 'OrdType(40)=3 (stop) needs TimeInForce(59) 0, 1 or 6');
  const quantity = decimalField(message, 38);
  if (quantity === undefined || quantity === 'bad') return fail(ORD_REJ.quantity, 'OrderQty(38) required as a positive decimal');
  const lot = Decimal.parse(BASE_UNIT_SIZE);
  if (quantity.lt(lot) || !quantity.isMultipleOf(lot) || quantity.gt(Decimal.parse(MAX_QUANTITY))) {
    return fail(ORD_REJ.quantity, `OrderQty(38) must be a multiple of ${BASE_UNIT_SIZE} between ${BASE_UNIT_SIZE} and ${MAX_QUANTITY}, found ${quantity.toString()}`);
  }
  const tick = Decimal.of(1n, spec.precision);
  const price = decimalField(message, 44);
  const stopPx = decimalField(message, 99);
  if (price === 'bad' || stopPx === 'bad') return fail(ORD_REJ.other, 'Price(44) and StopPx(99) must be positive decimals');
  if (ordType === '2' && price === undefined) return fail(ORD_REJ.other, 'Price(44) required for OrdType(40)=2');
  if ((ordType === '3' || ordType === '4') && stopPx === undefined) return fail(ORD_REJ.other, `StopPx(99) required for OrdType(40)=${ordType}`);
  for (const [name, value] of [['Price(44)', price], ['StopPx(99)', stopPx]] as const) {
    if (value !== undefined && !value.isMultipleOf(tick)) return fail(ORD_REJ.other, `${name} ${value.toString()} is not a multiple of ${tick.toString()} for ${symbol}`);
  }
  let expireAt: number | undefined;
  const expireTime = valueOf(message, 126);
  if (tif === '6') {
    expireAt = expireTime === undefined ? undefined : readUtcTimestamp(expireTime);
    if (expireAt === undefined) return fail(ORD_REJ.other, 'ExpireTime(126) required as a UTCTimestamp with TimeInForce(59)=6');
  }
  return {
    ok: true,
    order: {
      account, clOrdId, symbol, side, ordType, timeInForce: tif, quantity,
      ...(price === undefined || ordType === '1' || ordType === '3' ? {} : { price }),
      ...(stopPx === undefined ? {} : { stopPx }),
      ...(tif === '6' && expireTime !== undefined ? { expireTime } : {}),
      ...(expireAt === undefined ? {} : { expireAt }),
    },
  };
}
