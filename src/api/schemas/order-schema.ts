import { randomUUID } from 'node:crypto';
import { z } from 'zod/v4';

import {
  AccountId,
  ClientOrderId,
  Decimal,
  InstrumentId,
  ORDER_TYPES,
  OrderListId,
  Price,
  Quantity,
  TIME_IN_FORCE,
  requiresPrice,
  requiresTrigger,
  type AttachedOrders,
  type Contingency,
  type OrderAmendment,
  type OrderRequest,
  type TrailingOffset,
} from '../../core';
import {
  accountIdSchema,
  clientOrderIdSchema,
  decimalString,
  instrumentIdSchema,
  positiveDecimalString,
} from './common';

const trailingOffsetSchema = z.strictObject({
  kind: z.enum(['price', 'basis-points']),
  value: positiveDecimalString,
});
const isoTimestamp = z.iso.datetime({
  offset: true,
  message: 'expected an ISO-8601 time such as 2026-01-05T12:00:00Z',
});

// C0 and C1 controls (newlines, escapes, NUL) would corrupt a log line or a terminal; a lone surrogate is not
// text at all and cannot be stored or echoed as valid UTF-8.
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const tagSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tag) => !CONTROL_CHARACTER.test(tag), { message: 'must not contain control characters' })
  .refine((tag) => !LONE_SURROGATE.test(tag), { message: 'must not contain a lone UTF-16 surrogate' });

const orderFieldsSchema = z.strictObject({
  /** The idempotency key: resending the same order with it returns the first one. Generated when absent. */
  clientOrderId: clientOrderIdSchema.optional(),
  accountId: accountIdSchema,
  instrumentId: instrumentIdSchema,
  side: z.enum(['buy', 'sell']),
  type: z.enum(ORDER_TYPES),
  quantity: positiveDecimalString,
  quoteQuantity: positiveDecimalString.optional(),
  price: decimalString.optional(),
  triggerPrice: decimalString.optional(),
  trailingOffset: trailingOffsetSchema.optional(),
  /** trailing-limit: the limit's price distance beyond the trailing stop. */
  limitOffset: decimalString.optional(),
  timeInForce: z.enum(TIME_IN_FORCE).optional(),
  expireAt: isoTimestamp.optional(),
  /** May trigger and fill outside regular trading hours (venues that have them: IBKR). */
  outsideRth: z.boolean().optional(),
  postOnly: z.boolean().optional(),
  reduceOnly: z.boolean().optional(),
  displayQuantity: positiveDecimalString.optional(),
  attached: z
    .strictObject({
      stopLoss: z.strictObject({ triggerPrice: decimalString }).optional(),
      takeProfit: z.strictObject({ price: decimalString }).optional(),
      trailingStop: z.strictObject({ offset: trailingOffsetSchema }).optional(),
    })
    .optional(),
  tag: tagSchema.optional(),
});

type OrderFields = z.output<typeof orderFieldsSchema>;

/**
 * A field the order type or time in force does not use is refused up front, named, rather than silently
 * dropped: a caller who sends a price on a market order believes it limits the fill.
 */
export function inapplicableField(order: OrderFields): { field: string; message: string } | undefined {
  if (order.price !== undefined && !requiresPrice(order.type)) {
    return { field: 'price', message: `a ${order.type} order takes no price` };
  }
  // A trailing stop may carry an activation trigger; plain market and limit orders have no trigger at all.
  if (order.triggerPrice !== undefined && !requiresTrigger(order.type) && order.type !== 'trailing-stop' && order.type !== 'trailing-limit') {
    return { field: 'triggerPrice', message: `a ${order.type} order takes no triggerPrice` };
  }
  if (order.trailingOffset !== undefined && order.type !== 'trailing-stop' && order.type !== 'trailing-limit') {
    return { field: 'trailingOffset', message: `a ${order.type} order takes no trailingOffset` };
  }
  if (order.limitOffset !== undefined && order.type !== 'trailing-limit') {
    return { field: 'limitOffset', message: `a ${order.type} order takes no limitOffset (trailing-limit only)` };
  }
  if (order.expireAt !== undefined && order.timeInForce !== 'GTD') {
    return {
      field: 'expireAt',
      message: `expireAt applies only with timeInForce GTD, found ${order.timeInForce ?? 'the default'}`,
    };
  }
  if (order.quoteQuantity !== undefined && order.type !== 'market') {
    return { field: 'quoteQuantity', message: `a ${order.type} order takes no quoteQuantity` };
  }
  if (order.postOnly === true && !requiresPrice(order.type)) {
    return { field: 'postOnly', message: `postOnly applies only to orders with a price, found ${order.type}` };
  }
  return undefined;
}

export const orderBodySchema = orderFieldsSchema.superRefine((order, context) => {
  const problem = inapplicableField(order);
  if (problem !== undefined) context.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
});
export type OrderBody = OrderFields;

export const orderListBodySchema = z.strictObject({
  /** bracket: the first order is the entry; the others (stop-loss, take-profit) follow its fill and cancel each other. */
  contingency: z.enum(['OCO', 'OTO', 'OUO', 'bracket']),
  orders: z
    .array(orderBodySchema)
    .min(2)
    .max(10)
    .superRefine((orders, context) => {
      // One list is one intent at one venue: a list that spans accounts or venues cannot be all-or-none.
      const first = orders[0];
      if (first === undefined) return;
      const venue = venueOf(first.instrumentId);
      orders.forEach((order, index) => {
        if (order.accountId !== first.accountId) {
          context.addIssue({
            code: 'custom',
            path: [index, 'accountId'],
            message: `every order of a list must be for account ${first.accountId}, found ${order.accountId}`,
          });
        } else if (venueOf(order.instrumentId) !== venue) {
          context.addIssue({
            code: 'custom',
            path: [index, 'instrumentId'],
            message: `every order of a list must be at venue ${venue}, found ${venueOf(order.instrumentId)}`,
          });
        }
      });
    }),
});

function venueOf(instrumentId: string): string {
  return instrumentId.slice(instrumentId.lastIndexOf('.') + 1);
}

export const amendmentBodySchema = z
  .strictObject({
    quantity: positiveDecimalString.optional(),
    price: decimalString.optional(),
    triggerPrice: decimalString.optional(),
    trailingOffset: trailingOffsetSchema.optional(),
  })
  .refine((a) => Object.keys(a).length > 0, {
    message: 'expected at least one of quantity, price, triggerPrice, trailingOffset',
  });

const toOffset = (o: { kind: 'price' | 'basis-points'; value: string }): TrailingOffset => ({
  kind: o.kind,
  value: Decimal.parse(o.value),
});

function toAttached(a: NonNullable<OrderBody['attached']>): AttachedOrders {
  return {
    ...(a.stopLoss === undefined ? {} : { stopLoss: { triggerPrice: Price.parse(a.stopLoss.triggerPrice) } }),
    ...(a.takeProfit === undefined ? {} : { takeProfit: { price: Price.parse(a.takeProfit.price) } }),
    ...(a.trailingStop === undefined ? {} : { trailingStop: { offset: toOffset(a.trailingStop.offset) } }),
  };
}

/** Market orders default to IOC (what every venue does with them), the rest to GTC. */
export function toOrderRequest(body: OrderBody, contingency?: Contingency): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(body.clientOrderId ?? randomUUID()),
    accountId: AccountId.parse(body.accountId),
    instrumentId: InstrumentId.parse(body.instrumentId),
    side: body.side,
    type: body.type,
    quantity: Quantity.parse(body.quantity),
    timeInForce: body.timeInForce ?? (body.type === 'market' ? 'IOC' : 'GTC'),
    postOnly: body.postOnly ?? false,
    reduceOnly: body.reduceOnly ?? false,
    ...(body.quoteQuantity === undefined ? {} : { quoteQuantity: Decimal.parse(body.quoteQuantity) }),
    ...(body.price === undefined ? {} : { price: Price.parse(body.price) }),
    ...(body.triggerPrice === undefined ? {} : { triggerPrice: Price.parse(body.triggerPrice) }),
    ...(body.trailingOffset === undefined ? {} : { trailingOffset: toOffset(body.trailingOffset) }),
    ...(body.limitOffset === undefined ? {} : { limitOffset: Decimal.parse(body.limitOffset) }),
    ...(body.outsideRth === undefined ? {} : { outsideRth: body.outsideRth }),
    ...(body.expireAt === undefined ? {} : { expireAt: Date.parse(body.expireAt) }),
    ...(body.displayQuantity === undefined ? {} : { displayQuantity: Quantity.parse(body.displayQuantity) }),
    ...(body.attached === undefined ? {} : { attached: toAttached(body.attached) }),
    ...(body.tag === undefined ? {} : { tag: body.tag }),
    ...(contingency === undefined ? {} : { contingency }),
  };
}

/** Gives every order of a list its contingency links. */
export function toOrderList(body: z.output<typeof orderListBodySchema>): OrderRequest[] {
  const listId = OrderListId.of(randomUUID());
  const ids = body.orders.map((o) => ClientOrderId.parse(o.clientOrderId ?? randomUUID()));
  const parent = ids[0] as ClientOrderId;
  return body.orders.map((order, index) => {
    const others = ids.filter((_, i) => i !== index);
    const id = ids[index] as ClientOrderId;
    let contingency: Contingency;
    switch (body.contingency) {
      case 'OCO':
      case 'OUO':
        contingency = { listId, type: body.contingency, linkedClientOrderIds: others };
        break;
      case 'OTO':
        contingency =
          index === 0
            ? { listId, type: 'OTO', linkedClientOrderIds: [] }
            : { listId, type: 'OTO', parentClientOrderId: parent, linkedClientOrderIds: [] };
        break;
      case 'bracket':
        contingency =
          index === 0
            ? { listId, type: 'OTO', linkedClientOrderIds: [] }
            : {
                listId,
                type: 'OTO',
                parentClientOrderId: parent,
                linkedClientOrderIds: others.filter((o) => o !== parent),
              };
        break;
    }
    return toOrderRequest({ ...order, clientOrderId: id }, contingency);
  });
}

export function toAmendment(body: z.output<typeof amendmentBodySchema>): OrderAmendment {
  return {
    ...(body.quantity === undefined ? {} : { quantity: Quantity.parse(body.quantity) }),
    ...(body.price === undefined ? {} : { price: Price.parse(body.price) }),
    ...(body.triggerPrice === undefined ? {} : { triggerPrice: Price.parse(body.triggerPrice) }),
    ...(body.trailingOffset === undefined ? {} : { trailingOffset: toOffset(body.trailingOffset) }),
  };
}
