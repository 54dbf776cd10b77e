import { isLosslessNumber, parse, type LosslessNumber } from 'lossless-json';
import { z } from 'zod';

import { Decimal } from '../../../core/money/decimal';
import { DX_SIDES, DX_STATUSES, DX_TIFS, DX_TYPES } from '../enums';

/**
 * DXtrade's JSON as the REST spec defines it. Its numbers are JSON numbers: the text is read with lossless-json
 * so that every price and quantity goes from its digits straight into a Decimal (never a binary float).
 * Unknown fields are kept out of the way (`passthrough`), unknown enum values fail the entity they are in.
 */
export function parseJson(text: string): unknown {
  return text.length === 0 ? undefined : parse(text);
}

const num = z.custom<LosslessNumber>((v) => isLosslessNumber(v), { message: 'expected a JSON number' }).transform((v, ctx) => {
  const d = Decimal.tryParse(v.toString());
  if (d === undefined) ctx.addIssue({ code: 'custom', message: `not a decimal number: ${v.toString()}` });
  return d ?? Decimal.ZERO;
});
/** Integer ids and versions (DXtrade: JSON numbers); kept as their digits. */
const intText = z.custom<LosslessNumber>((v) => isLosslessNumber(v) && /^-?\d+$/.test(v.toString()), { message: 'expected an integer' }).transform((v) => v.toString());
const time = z.string().transform((v, ctx) => {
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: `not an ISO-8601 time: ${v}` });
  return ms;
});

export const SessionTokenSchema = z.object({
  sessionToken: z.string().min(1),
  // "HH:MM:SS" in the trading API; the registration API documents milliseconds: both are read.
  timeout: z.union([z.string(), z.custom<LosslessNumber>((v) => isLosslessNumber(v))]),
}).passthrough();

export const ErrorSchema = z.object({ errorCode: z.union([z.string(), z.custom<LosslessNumber>((v) => isLosslessNumber(v))]).optional(), description: z.string().optional() }).passthrough();

export const ExecutionSchema = z.object({
  executionCode: z.string(),
  orderCode: z.string().optional(),
  status: z.enum(DX_STATUSES),
  filledQuantity: num.optional(),
  lastQuantity: num.optional(),
  lastPrice: num.optional(),
  averagePrice: num.optional(),
  transactionTime: time,
  rejectReason: z.string().optional(),
}).passthrough();

export const LegSchema = z.object({
  instrument: z.string().optional(),
  positionEffect: z.enum(['OPEN', 'CLOSE']).optional(),
  positionCode: z.string().optional(),
  side: z.enum(DX_SIDES).optional(),
  price: num.optional(),
  quantity: num.optional(),
  filledQuantity: num.optional(),
  remainingQuantity: num.optional(),
  averagePrice: num.optional(),
}).passthrough();

export const OrderSchema = z.object({
  account: z.string(),
  version: intText,
  orderId: intText,
  orderCode: z.string(),
  clientOrderId: z.string().optional(),
  actionCode: z.string().optional(),
  type: z.enum(DX_TYPES),
  instrument: z.string(),
  status: z.enum(DX_STATUSES),
  finalStatus: z.boolean(),
  legs: z.array(LegSchema).min(1),
  side: z.enum(DX_SIDES),
  tif: z.enum(DX_TIFS),
  limitPrice: num.optional(),
  stopPrice: num.optional(),
  expireDate: time.optional(),
  issueTime: time,
  transactionTime: time,
  links: z.array(z.object({ linkType: z.string(), linkedOrder: z.string(), linkedClientOrderId: z.string().optional() }).passthrough()).optional(),
  executions: z.array(ExecutionSchema).default([]),
}).passthrough();
export type OrderWire = z.output<typeof OrderSchema>;

export const PositionSchema = z.object({
  account: z.string(),
  version: intText.optional(),
  positionCode: z.string(),
  symbol: z.string(),
  quantity: num,
  side: z.enum(DX_SIDES),
  openPrice: num,
  openTime: time,
  takeProfitPrice: num.optional(),
  stopLossPrice: num.optional(),
}).passthrough();
export type PositionWire = z.output<typeof PositionSchema>;

export const BalanceSchema = z.object({ account: z.string().optional(), value: num, currency: z.string() }).passthrough();

export const MetricsSchema = z.object({
  account: z.string(),
  version: intText.optional(),
  equity: num,
  balance: num,
  availableFunds: num.optional(),
  marginFree: num.optional(),
  initialMargin: num.optional(),
  margin: num.optional(),
  openPL: num.optional(),
  totalPL: num.optional(),
  balances: z.array(BalanceSchema).optional(),
}).passthrough();
export type MetricsWire = z.output<typeof MetricsSchema>;

export const InstrumentSchema = z.object({
  type: z.string(),
  symbol: z.string(),
  priceIncrement: num,
  pipSize: num.optional(),
  currency: z.string(),
  lotSize: num.optional(),
  firstCurrency: z.string().optional(),
  tradingHours: z.array(z.object({ weekDay: z.string(), eventType: z.string(), time: z.string().optional() }).passthrough()).optional(),
}).passthrough();
export type InstrumentWire = z.output<typeof InstrumentSchema>;

export const InstrumentDetailsSchema = z.object({
  symbol: z.string(),
  tradingStatus: z.enum(['FULL', 'CLOSE_ONLY', 'NO']),
  minOrderSize: num,
  maxOrderSize: num,
  minOrderSizeIncrement: num,
  marginRate: num.optional(),
}).passthrough();
export type InstrumentDetailsWire = z.output<typeof InstrumentDetailsSchema>;

export const QuoteSchema = z.object({ type: z.literal('Quote'), symbol: z.string(), bid: num, ask: num, time }).passthrough();
export type QuoteWire = z.output<typeof QuoteSchema>;

export const CandleSchema = z.object({ type: z.literal('Candle'), symbol: z.string(), candleType: z.string().optional(), open: num, high: num, low: num, close: num, volume: num.optional(), time }).passthrough();
export type CandleWire = z.output<typeof CandleSchema>;

export const UserDetailsSchema = z.object({
  username: z.string().optional(),
  login: z.string().optional(),
  accounts: z.array(z.object({ account: z.string(), baseCurrency: z.string().optional(), positionBased: z.boolean().optional() }).passthrough()),
}).passthrough();

export const OrderResponseSchema = z.object({ orderId: intText, updateOrderId: intText.optional() });
export const OrderResponsesSchema = z.union([z.object({ orderResponses: z.array(OrderResponseSchema) }), OrderResponseSchema]);

/** A push API message: `{ type, inReplyTo, session, timestamp, payload }`. */
export const PushMessageSchema = z.object({
  type: z.string(),
  inReplyTo: z.string().optional(),
  requestId: z.string().optional(),
  session: z.string().optional(),
  timestamp: z.string().optional(),
  payload: z.unknown().optional(),
}).passthrough();
export type PushMessage = z.output<typeof PushMessageSchema>;

/** Each entity of a list parsed on its own: one unreadable entity is reported, the others go on. */
export function parseEach<T extends z.ZodTypeAny>(schema: T, items: unknown): { readonly values: z.output<T>[]; readonly problems: string[] } {
  const values: z.output<T>[] = [];
  const problems: string[] = [];
  for (const item of Array.isArray(items) ? items : []) {
    const result = schema.safeParse(item);
    if (result.success) values.push(result.data as z.output<T>);
    else problems.push(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return { values, problems };
}

/** The duration of the login answer's `timeout`: "HH:MM:SS", or milliseconds. */
export function timeoutMsOf(timeout: string | LosslessNumber): number | undefined {
  const text = timeout.toString();
  const clock = /^(\d+):(\d{2}):(\d{2})$/.exec(text);
  if (clock !== null) return ((Number(clock[1]) * 60 + Number(clock[2])) * 60 + Number(clock[3])) * 1000;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
