import { z } from 'zod/v4';

import { AccountId, Decimal, InstrumentId, Price, Quantity, TmtError } from '../../core';
import type { AlgoEngine, AlgoSpec, ParentAmendment } from '../../engine/algos';
import { audited } from '../audit/audited';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { accountIdSchema, instrumentIdSchema, positiveDecimalString } from '../schemas/common';

const parentIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$/, 'expected a parent id: 1-48 of [A-Za-z0-9._-]');
const fraction = z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'expected a decimal in [0, 1]');
const common = {
  parentId: parentIdSchema,
  accountId: accountIdSchema,
  instrumentId: instrumentIdSchema,
  side: z.enum(['buy', 'sell']),
  quantity: positiveDecimalString,
  limitPrice: positiveDecimalString.optional(),
  tag: z.string().max(64).optional(),
};
const createBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('twap'),
    ...common,
    startAt: z.number().int().nonnegative().optional(),
    endAt: z.number().int().positive(),
    slices: z.number().int().min(1).max(10_000),
    minChildQuantity: positiveDecimalString.optional(),
    maxChildQuantity: positiveDecimalString.optional(),
    participationCap: fraction.optional(),
    randomisation: z.strictObject({ sizeFraction: fraction, timingFraction: fraction, seed: z.number().int() }).optional(),
    onEnd: z.enum(['finish-aggressively', 'leave']).default('leave'),
  }),
  z.strictObject({ kind: z.literal('iceberg'), ...common, limitPrice: positiveDecimalString, displayQuantity: positiveDecimalString, repeg: z.boolean().optional() }),
  z.strictObject({
    kind: z.literal('vwap'),
    ...common,
    startAt: z.number().int().nonnegative().optional(),
    endAt: z.number().int().positive(),
    profile: z.array(z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal weight')).min(1).max(10_000),
    expectedVolume: positiveDecimalString.optional(),
    maxDeviation: fraction.optional(),
    minChildQuantity: positiveDecimalString.optional(),
    maxChildQuantity: positiveDecimalString.optional(),
    participationCap: fraction.optional(),
    onEnd: z.enum(['finish-aggressively', 'leave']).default('leave'),
  }),
  z.strictObject({
    kind: z.literal('route'),
    ...common,
    endAt: z.number().int().positive().optional(),
    legs: z
      .array(
        z.strictObject({
          accountId: accountIdSchema,
          instrumentId: instrumentIdSchema,
          quoteRate: positiveDecimalString.default('1'),
          takerFeeRate: z.string().regex(/^0(\.\d+)?$/, 'expected a fee fraction in [0, 1)'),
        }),
      )
      .min(1)
      .max(16),
  }),
]);
const patchBody = z
  .strictObject({
    action: z.enum(['pause', 'resume']).optional(),
    quantity: positiveDecimalString.optional(),
    endAt: z.number().int().positive().optional(),
    limitPrice: positiveDecimalString.optional(),
  })
  .refine((b) => b.action !== undefined || b.quantity !== undefined || b.endAt !== undefined || b.limitPrice !== undefined, {
    message: 'expected action or at least one of quantity, endAt, limitPrice',
  });
const idParams = z.strictObject({ parentId: parentIdSchema });

function specOf(body: z.infer<typeof createBody>, now: number): AlgoSpec {
  const base = {
    parentId: body.parentId,
    accountId: AccountId.parse(body.accountId),
    instrumentId: InstrumentId.parse(body.instrumentId),
    side: body.side,
    quantity: Quantity.parse(body.quantity),
    ...(body.tag !== undefined ? { tag: body.tag } : {}),
  };
  if (body.kind === 'iceberg')
    return { kind: 'iceberg', ...base, limitPrice: Price.parse(body.limitPrice), displayQuantity: Quantity.parse(body.displayQuantity), ...(body.repeg !== undefined ? { repeg: body.repeg } : {}) };
  const limit = body.limitPrice !== undefined ? { limitPrice: Price.parse(body.limitPrice) } : {};
  if (body.kind === 'route')
    return {
      kind: 'route',
      ...base,
      ...limit,
      ...(body.endAt !== undefined ? { endAt: body.endAt } : {}),
      legs: body.legs.map((leg) => ({
        accountId: AccountId.parse(leg.accountId),
        instrumentId: InstrumentId.parse(leg.instrumentId),
        quoteRate: Decimal.parse(leg.quoteRate),
        takerFeeRate: Decimal.parse(leg.takerFeeRate),
      })),
    };
  const children = {
    ...(body.minChildQuantity !== undefined ? { minChildQuantity: Quantity.parse(body.minChildQuantity) } : {}),
    ...(body.maxChildQuantity !== undefined ? { maxChildQuantity: Quantity.parse(body.maxChildQuantity) } : {}),
    ...(body.participationCap !== undefined ? { participationCap: Decimal.parse(body.participationCap) } : {}),
  };
  if (body.kind === 'vwap')
    return {
      kind: 'vwap',
      ...base,
      ...limit,
      ...children,
      startAt: body.startAt ?? now,
      endAt: body.endAt,
      profile: body.profile.map((weight) => Decimal.parse(weight)),
      ...(body.expectedVolume !== undefined ? { expectedVolume: Decimal.parse(body.expectedVolume) } : {}),
      ...(body.maxDeviation !== undefined ? { maxDeviation: Decimal.parse(body.maxDeviation) } : {}),
      onEnd: body.onEnd,
    };
  const r = body.randomisation;
  return {
    kind: 'twap',
    ...base,
    ...(body.limitPrice !== undefined ? { limitPrice: Price.parse(body.limitPrice) } : {}),
    startAt: body.startAt ?? now,
    endAt: body.endAt,
    slices: body.slices,
    ...(body.minChildQuantity !== undefined ? { minChildQuantity: Quantity.parse(body.minChildQuantity) } : {}),
    ...(body.maxChildQuantity !== undefined ? { maxChildQuantity: Quantity.parse(body.maxChildQuantity) } : {}),
    ...(body.participationCap !== undefined ? { participationCap: Decimal.parse(body.participationCap) } : {}),
    ...(r !== undefined ? { randomisation: { sizeFraction: Decimal.parse(r.sizeFraction), timingFraction: Decimal.parse(r.timingFraction), seed: r.seed } } : {}),
    onEnd: body.onEnd,
  };
}

/** Algorithm parents (issue 16): TWAP, VWAP, emulated iceberg and smart order routing, each response with the parent and its children. */
export function registerAlgoRoutes(ctx: ApiContext, algos: AlgoEngine, now: () => number): void {
  const { app, routes, audit } = ctx;
  const known = (parentId: string) => {
    const view = algos.view(parentId);
    if (view === undefined) throw new TmtError('OMS_UNKNOWN_ORDER', `parentId must name an algo order, found ${parentId}`, { field: 'parentId' });
    return view;
  };

  defineRoute(
    app,
    routes,
    { method: 'POST', url: '/api/v1/algo-orders', scope: 'trade', tag: 'orders', summary: 'Start a TWAP, VWAP, emulated iceberg or smart-routed parent', body: createBody },
    async ({ body, actor }) => ({
      parent: await audited(audit, { actor, action: 'algo.create', target: body.parentId, details: body }, () => algos.create(specOf(body, now()))),
    }),
  );
  defineRoute(
    app,
    routes,
    { method: 'GET', url: '/api/v1/algo-orders', scope: 'read', tag: 'orders', summary: 'Every algo parent with its children and schedule' },
    () => Promise.resolve({ parents: algos.views() }),
  );
  defineRoute(
    app,
    routes,
    { method: 'GET', url: '/api/v1/algo-orders/:parentId', scope: 'read', tag: 'orders', summary: 'One algo parent with its children and schedule', params: idParams },
    ({ params }) => Promise.resolve({ parent: known(params.parentId) }),
  );
  defineRoute(
    app,
    routes,
    { method: 'PATCH', url: '/api/v1/algo-orders/:parentId', scope: 'trade', tag: 'orders', summary: 'Pause, resume or modify (quantity, endAt, limitPrice) a parent', params: idParams, body: patchBody },
    async ({ params, body, actor }) =>
      ({
        parent: await audited(audit, { actor, action: 'algo.modify', target: params.parentId, details: body }, async () => {
          const amendment: ParentAmendment = {
            ...(body.quantity !== undefined ? { quantity: Quantity.parse(body.quantity) } : {}),
            ...(body.endAt !== undefined ? { endAt: body.endAt } : {}),
            ...(body.limitPrice !== undefined ? { limitPrice: Price.parse(body.limitPrice) } : {}),
          };
          let view = known(params.parentId);
          if (Object.keys(amendment).length > 0) view = await algos.modify(params.parentId, amendment);
          if (body.action === 'pause') view = await algos.pause(params.parentId);
          if (body.action === 'resume') view = await algos.resume(params.parentId);
          return view;
        }),
      }),
  );
  defineRoute(
    app,
    routes,
    { method: 'DELETE', url: '/api/v1/algo-orders/:parentId', scope: 'trade', tag: 'orders', summary: 'Cancel a parent and every working child', params: idParams },
    async ({ params, actor }) => ({
      parent: await audited(audit, { actor, action: 'algo.cancel', target: params.parentId }, () => algos.cancel(params.parentId)),
    }),
  );
}
