import { z } from 'zod/v4';

import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  ORDER_STATUSES,
  TmtError,
  type OrderRequest,
} from '../../core';
import type { SubmitOutcome } from '../../engine/trading-engine';
import { audited, auditedIntent } from '../audit/audited';
import type { ApiContext } from '../context';
import { allAccepted, orderDto, outcomesDto, submitOutcomeDto } from '../http/dto';
import { defineRoute } from '../http/route';
import { requireKnownTargets } from './order-guards';
import {
  accountIdSchema,
  clientOrderIdSchema,
  instrumentIdSchema,
  queryBoolean,
  queryInteger,
} from '../schemas/common';
import {
  amendmentBodySchema,
  orderBodySchema,
  orderListBodySchema,
  toAmendment,
  toOrderList,
  toOrderRequest,
} from '../schemas/order-schema';

const orderParams = z.strictObject({ clientOrderId: clientOrderIdSchema });

/** What the audit log keeps of an order: the content, not the whole object graph. */
function requestSummary(request: OrderRequest): Record<string, unknown> {
  return JSON.parse(JSON.stringify(request)) as Record<string, unknown>;
}

function outcomeKind(outcome: SubmitOutcome): 'ok' | 'denied' {
  return outcome.status === 'accepted' ? 'ok' : 'denied';
}

export function registerOrderRoutes(ctx: ApiContext): void {
  const { app, routes, engine, audit } = ctx;

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/orders',
      scope: 'trade',
      tag: 'orders',
      summary: 'Submit one order (clientOrderId is the idempotency key)',
      body: orderBodySchema,
    },
    async ({ body, actor, reply }) => {
      const request = toOrderRequest(body);
      requireKnownTargets(engine, [request]);
      const outcome = await auditedIntent(
        audit,
        { actor, action: 'order.submit', target: request.clientOrderId, details: requestSummary(request) },
        (companion) => engine.submit(request, actor, { companion }),
        outcomeKind,
      );
      const status = outcome.status === 'denied' ? 422 : outcome.existing ? 200 : 201;
      return reply.status(status).send(submitOutcomeDto(outcome));
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/order-lists',
      scope: 'trade',
      tag: 'orders',
      summary: 'Submit an OCO, OTO, OUO or bracket list: all or none',
      body: orderListBodySchema,
    },
    async ({ body, actor, reply }) => {
      const requests = toOrderList(body);
      requireKnownTargets(engine, requests, true);
      const outcomes = await audited(
        audit,
        {
          actor,
          action: 'order-list.submit',
          target: requests.map((r) => r.clientOrderId).join(','),
          details: { contingency: body.contingency, orders: requests.map(requestSummary) },
        },
        () => engine.submitList(requests, actor),
        (all) => (allAccepted(all) ? 'ok' : 'denied'),
      );
      return reply.status(allAccepted(outcomes) ? 201 : 422).send(outcomesDto(outcomes));
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/orders',
      scope: 'read',
      tag: 'orders',
      summary: 'List orders, newest first',
      query: z.strictObject({
        accountId: accountIdSchema.optional(),
        instrumentId: instrumentIdSchema.optional(),
        status: z.string().optional(),
        open: queryBoolean.optional(),
        tag: z.string().optional(),
        limit: queryInteger(1, 1000).optional(),
      }),
    },
    async ({ query }) => {
      const statuses = query.status?.split(',');
      for (const status of statuses ?? []) {
        if (!(ORDER_STATUSES as readonly string[]).includes(status)) {
          throw new TmtError(
            'API_VALIDATION',
            `query.status: expected a comma-separated list of ${ORDER_STATUSES.join('|')}, found "${status}"`,
            { field: 'status' },
          );
        }
      }
      const views = engine.orders({
        ...(query.accountId === undefined ? {} : { accountId: AccountId.parse(query.accountId) }),
        ...(query.instrumentId === undefined ? {} : { instrumentId: InstrumentId.parse(query.instrumentId) }),
        ...(statuses === undefined ? {} : { status: statuses as (typeof ORDER_STATUSES)[number][] }),
        ...(query.open === undefined ? {} : { openOnly: query.open }),
        ...(query.tag === undefined ? {} : { tag: query.tag }),
        limit: query.limit ?? 200,
      });
      return { orders: views.map((v) => orderDto(v)) };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/orders/:clientOrderId',
      scope: 'read',
      tag: 'orders',
      summary: 'One order with its event history',
      params: orderParams,
    },
    async ({ params }) => {
      const view = engine.order(ClientOrderId.parse(params.clientOrderId));
      if (view === undefined)
        throw new TmtError('OMS_UNKNOWN_ORDER', `no order ${params.clientOrderId}`, {
          field: 'clientOrderId',
        });
      return orderDto(view, true);
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/orders/:clientOrderId/attached',
      scope: 'read',
      tag: 'orders',
      summary: 'Stop-loss / take-profit the venue created on the order fill, linked to it (OANDA *OnFill)',
      params: orderParams,
    },
    async ({ params }) => {
      const clientOrderId = ClientOrderId.parse(params.clientOrderId);
      const attached = await engine.attachedOrders(clientOrderId);
      return {
        parentClientOrderId: clientOrderId,
        attached: attached.map((a) => ({
          parentClientOrderId: a.parentClientOrderId,
          kind: a.kind,
          tradeId: a.tradeId,
          status: a.status,
          ...(a.venueOrderId === undefined ? {} : { venueOrderId: a.venueOrderId }),
          ...(a.triggerPrice === undefined ? {} : { triggerPrice: a.triggerPrice.toString() }),
          ...(a.trailingDistance === undefined ? {} : { trailingDistance: a.trailingDistance }),
        })),
      };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'PATCH',
      url: '/api/v1/orders/:clientOrderId',
      scope: 'trade',
      tag: 'orders',
      summary: 'Modify quantity, price, trigger or trailing offset',
      params: orderParams,
      body: amendmentBodySchema,
    },
    async ({ params, body, actor }) => {
      const id = ClientOrderId.parse(params.clientOrderId);
      const view = await audited(audit, { actor, action: 'order.modify', target: id, details: body }, () =>
        engine.modify(id, toAmendment(body), actor),
      );
      return orderDto(view);
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'DELETE',
      url: '/api/v1/orders/:clientOrderId',
      scope: 'trade',
      tag: 'orders',
      summary: 'Cancel an order',
      params: orderParams,
    },
    async ({ params, actor }) => {
      const id = ClientOrderId.parse(params.clientOrderId);
      const view = await audited(audit, { actor, action: 'order.cancel', target: id }, () =>
        engine.cancel(id, actor),
      );
      return orderDto(view);
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/orders/cancel-all',
      scope: 'trade',
      tag: 'orders',
      summary: 'Cancel every open order of an account, an instrument, or everywhere',
      body: z.strictObject({
        accountId: accountIdSchema.optional(),
        instrumentId: instrumentIdSchema.optional(),
      }),
    },
    async ({ body, actor }) => {
      const filter = {
        ...(body.accountId === undefined ? {} : { accountId: AccountId.parse(body.accountId) }),
        ...(body.instrumentId === undefined ? {} : { instrumentId: InstrumentId.parse(body.instrumentId) }),
      };
      const canceled = await audited(
        audit,
        {
          actor,
          action: 'order.cancel-all',
          target: body.accountId ?? body.instrumentId ?? 'all',
          details: body,
        },
        () => engine.cancelAll(filter, actor),
      );
      return { canceled };
    },
  );
}
