import { z } from 'zod';

/**
 * The parts of v20 payloads the adapter reads, checked at the edge. Objects pass unknown fields through
 * (OANDA adds fields over time); a field we read that is missing or malformed fails with its path.
 */
const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'be a decimal number as a string');
const idText = z.string().regex(/^\d+$/, 'be a numeric id as a string');

export const ClientExtensionsWire = z.object({ id: z.string().optional(), tag: z.string().optional(), comment: z.string().optional() }).passthrough();

export const InstrumentWire = z
  .object({
    name: z.string(),
    type: z.string(),
    displayName: z.string().optional(),
    pipLocation: z.number().int(),
    displayPrecision: z.number().int().min(0).max(12),
    tradeUnitsPrecision: z.number().int().min(0).max(12),
    minimumTradeSize: decimalText,
    maximumTrailingStopDistance: decimalText,
    minimumTrailingStopDistance: decimalText,
    maximumPositionSize: decimalText,
    maximumOrderUnits: decimalText,
    marginRate: decimalText,
    financing: z.object({ longRate: decimalText, shortRate: decimalText }).passthrough().optional(),
  })
  .passthrough();
export type InstrumentWire = z.infer<typeof InstrumentWire>;

export const AccountSummaryWire = z
  .object({
    id: z.string(),
    currency: z.string(),
    balance: decimalText,
    pl: decimalText,
    unrealizedPL: decimalText,
    NAV: decimalText,
    marginUsed: decimalText,
    marginAvailable: decimalText,
    financing: decimalText.optional(),
    commission: decimalText.optional(),
    hedgingEnabled: z.boolean().optional(),
    lastTransactionID: idText,
  })
  .passthrough();
export type AccountSummaryWire = z.infer<typeof AccountSummaryWire>;

export const OrderWire = z
  .object({
    id: idText,
    createTime: z.string(),
    state: z.string(),
    type: z.string(),
    instrument: z.string().optional(),
    units: decimalText.optional(),
    price: decimalText.optional(),
    priceBound: decimalText.optional(),
    timeInForce: z.string().optional(),
    gtdTime: z.string().optional(),
    clientExtensions: ClientExtensionsWire.optional(),
    fillingTransactionID: idText.optional(),
    cancellingTransactionID: idText.optional(),
    tradeID: idText.optional(),
  })
  .passthrough();
export type OrderWire = z.infer<typeof OrderWire>;

export const PositionSideWire = z.object({ units: decimalText, averagePrice: decimalText.optional(), unrealizedPL: decimalText.optional() }).passthrough();
export const PositionWire = z.object({ instrument: z.string(), long: PositionSideWire, short: PositionSideWire, unrealizedPL: decimalText.optional() }).passthrough();
export type PositionWire = z.infer<typeof PositionWire>;

export const TradeWire = z
  .object({
    id: idText,
    instrument: z.string(),
    price: decimalText,
    openTime: z.string(),
    state: z.enum(['OPEN', 'CLOSED', 'CLOSE_WHEN_TRADEABLE']),
    initialUnits: decimalText,
    currentUnits: decimalText,
    realizedPL: decimalText,
    unrealizedPL: decimalText.optional(),
    clientExtensions: ClientExtensionsWire.optional(),
  })
  .passthrough();
export type TradeWire = z.infer<typeof TradeWire>;

/** The common header of every transaction; the type-specific fields are read by the transaction mapper. */
export const TransactionWire = z
  .object({ id: idText, time: z.string(), type: z.string(), accountID: z.string().optional(), batchID: idText.optional() })
  .passthrough();
export type TransactionWire = z.infer<typeof TransactionWire> & Record<string, unknown>;

export const ErrorBodyWire = z.object({ errorCode: z.string().optional(), errorMessage: z.string().optional() }).passthrough();

/** Reads a payload with a schema, naming the venue endpoint in the error. */
export function readWire<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new WireError(`${what}: ${issue?.path.join('.') ?? ''} must ${issue?.message ?? 'match the v20 schema'}`);
}

export class WireError extends Error {
  override readonly name = 'WireError';
}
