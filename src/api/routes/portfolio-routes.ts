import { z } from 'zod/v4';

import { AccountId, ClientOrderId, Decimal, InstrumentId, Quantity, TmtError } from '../../core';
import { audited } from '../audit/audited';
import type { ApiContext } from '../context';
import { allAccepted, outcomesDto } from '../http/dto';
import { defineRoute } from '../http/route';
import {
  accountIdSchema,
  clientOrderIdSchema,
  instrumentIdSchema,
  positiveDecimalString,
  queryInteger,
} from '../schemas/common';

const accountQuery = z.strictObject({ accountId: accountIdSchema.optional() });
const positionParams = z.strictObject({ accountId: accountIdSchema, instrumentId: instrumentIdSchema });
const accountParams = z.strictObject({ accountId: accountIdSchema });

export function registerPortfolioRoutes(ctx: ApiContext): void {
  const { app, routes, engine, audit } = ctx;
  const optionalAccount = (id: string | undefined) => (id === undefined ? undefined : AccountId.parse(id));

  const findAccount = (id: string) => {
    const account = engine.accounts().find((a) => a.accountId === id);
    if (account === undefined)
      throw new TmtError('OMS_UNKNOWN_ACCOUNT', `no account ${id}`, { field: 'accountId' });
    return account;
  };

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/positions',
      scope: 'read',
      tag: 'positions',
      summary: 'Open positions',
      query: accountQuery,
    },
    async ({ query }) => ({
      positions: engine.positions(optionalAccount(query.accountId)),
    }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/positions/history',
      scope: 'read',
      tag: 'positions',
      summary: 'Closed positions',
      query: accountQuery,
    },
    async ({ query }) => ({ positions: engine.closedPositions(optionalAccount(query.accountId)) }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/positions/:accountId/:instrumentId',
      scope: 'read',
      tag: 'positions',
      summary: 'One open position',
      params: positionParams,
    },
    async ({ params }) => {
      const position = engine
        .positions(AccountId.parse(params.accountId))
        .find((p) => p.instrumentId === params.instrumentId);
      if (position === undefined)
        throw new TmtError(
          'API_NOT_FOUND',
          `no open position in ${params.instrumentId} on ${params.accountId}`,
          { field: 'instrumentId' },
        );
      return position;
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/positions/:accountId/:instrumentId/close',
      scope: 'trade',
      tag: 'positions',
      summary: 'Close a position fully, or partly with {quantity}',
      params: positionParams,
      body: z.strictObject({ quantity: positiveDecimalString.optional() }),
    },
    async ({ params, body, actor, reply }) => {
      const quantity = body.quantity === undefined ? undefined : Quantity.parse(body.quantity);
      const outcomes = await audited(
        audit,
        {
          actor,
          action: 'position.close',
          target: `${params.accountId}/${params.instrumentId}`,
          details: body,
        },
        () =>
          engine.closePosition(
            AccountId.parse(params.accountId),
            InstrumentId.parse(params.instrumentId),
            quantity,
            actor,
          ),
        (all) => (allAccepted(all) ? 'ok' : 'denied'),
      );
      return reply.status(allAccepted(outcomes) ? 200 : 422).send(outcomesDto(outcomes));
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/fills',
      scope: 'read',
      tag: 'fills',
      summary: 'Fills, oldest first, paged with limit and offset',
      query: z.strictObject({
        accountId: accountIdSchema.optional(),
        instrumentId: instrumentIdSchema.optional(),
        clientOrderId: clientOrderIdSchema.optional(),
        after: queryInteger(0, Number.MAX_SAFE_INTEGER).optional(),
        limit: queryInteger(1, 1000).optional(),
        offset: queryInteger(0, Number.MAX_SAFE_INTEGER).optional(),
      }),
    },
    async ({ query }) => {
      const limit = query.limit ?? 100;
      const offset = query.offset ?? 0;
      const fills = engine.fills({
        ...(query.accountId === undefined ? {} : { accountId: AccountId.parse(query.accountId) }),
        ...(query.instrumentId === undefined ? {} : { instrumentId: InstrumentId.parse(query.instrumentId) }),
        ...(query.clientOrderId === undefined
          ? {}
          : { clientOrderId: ClientOrderId.parse(query.clientOrderId) }),
        ...(query.after === undefined ? {} : { after: query.after }),
        limit: limit + 1,
        offset,
      });
      const page = fills.slice(0, limit);
      return { fills: page, limit, offset, ...(fills.length > limit ? { nextOffset: offset + limit } : {}) };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/prices',
      scope: 'read',
      tag: 'market',
      summary: 'Latest quote per instrument',
    },
    async () => ({
      prices: engine.quotes().map((q) => ({
        ...q,
        mid: q.bid
          .add(q.ask)
          .div(Decimal.fromInteger(2), Math.max(q.bid.scale, q.ask.scale) + 1, 'half-even'),
      })),
    }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/instruments',
      scope: 'read',
      tag: 'market',
      summary: 'Instruments with their trading rules',
    },
    async () => ({
      instruments: engine.instruments(),
    }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/accounts',
      scope: 'read',
      tag: 'accounts',
      summary: 'Accounts with summary',
    },
    async () => ({
      accounts: engine.accounts(),
    }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/accounts/:accountId',
      scope: 'read',
      tag: 'accounts',
      summary: 'Balance, equity, margin, P&L, leverage',
      params: accountParams,
    },
    async ({ params }) => findAccount(params.accountId),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/accounts/:accountId/performance',
      scope: 'read',
      tag: 'accounts',
      summary: 'Win rate, profit factor, drawdown, exposure, Sharpe',
      params: accountParams,
      query: z.strictObject({ tag: z.string().optional() }),
    },
    async ({ params, query }) => {
      findAccount(params.accountId);
      return engine.performance(AccountId.parse(params.accountId), query.tag);
    },
  );

  for (const enabled of [true, false]) {
    defineRoute(
      app,
      routes,
      {
        method: 'POST',
        url: `/api/v1/accounts/:accountId/${enabled ? 'enable' : 'disable'}`,
        scope: 'admin',
        tag: 'accounts',
        summary: `${enabled ? 'Enable' : 'Disable'} trading on an account`,
        params: accountParams,
      },
      async ({ params, actor }) => {
        findAccount(params.accountId);
        await audited(
          audit,
          { actor, action: enabled ? 'account.enable' : 'account.disable', target: params.accountId },
          () => engine.setAccountEnabled(AccountId.parse(params.accountId), enabled, actor),
        );
        return findAccount(params.accountId);
      },
    );
  }
}
