import { z } from 'zod/v4';

import { API_SCOPES, TmtError } from '../../core';
import { audited } from '../audit/audited';
import { presentedToken } from '../auth/auth-hook';
import { scopeAllows } from '../auth/token-service';
import type { ApiContext, ReadinessCheck } from '../context';
import { defineRoute } from '../http/route';
import { queryInteger } from '../schemas/common';

const idParams = z.strictObject({ id: z.string().min(1).max(128) });

export function registerSystemRoutes(ctx: ApiContext): void {
  const { app, routes, engine, audit, events, tokens, metrics } = ctx;

  defineRoute(
    app,
    routes,
    { method: 'GET', url: '/health/live', scope: undefined, tag: 'health', summary: 'Liveness' },
    async () => ({ status: 'live' }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/health/ready',
      scope: undefined,
      tag: 'health',
      summary:
        'Readiness: store, every venue connection, reconciliation ({status} only; the checks with a read token)',
    },
    async ({ request, reply }) => {
      const checks: ReadinessCheck[] = [...(await ctx.readiness())];
      for (const connection of engine.venueConnections()) {
        checks.push({
          name: `venue:${connection.venue}${connection.accountId === undefined ? '' : `:${connection.accountId}`}`,
          ok: connection.state === 'connected',
          detail: connection.state,
        });
      }
      for (const account of engine.reconciliation().accounts) {
        checks.push({
          name: `reconciliation:${account.accountId}`,
          ok: account.state === 'reconciled',
          detail: account.state,
        });
      }
      const ready = checks.every((c) => c.ok);
      const status = ready ? 'ready' : 'not-ready';
      // Load balancers probe without a token and need only the status; the checks name accounts and carry
      // the store's error text, so they are for a caller with a valid read token (header only: a token in a
      // query string ends up in proxies' logs).
      const presented = presentedToken(request.headers.authorization, undefined);
      const token = presented === undefined ? undefined : tokens.authenticate(presented);
      const body = token !== undefined && scopeAllows(token.scope, 'read') ? { status, checks } : { status };
      return reply.status(ready ? 200 : 503).send(body);
    },
  );

  defineRoute(
    app,
    routes,
    { method: 'GET', url: '/metrics', scope: 'read', tag: 'health', summary: 'Prometheus metrics' },
    async ({ reply }) => {
      const text = await metrics.render();
      return reply.type(metrics.contentType).send(text);
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/events',
      scope: 'read',
      tag: 'events',
      summary: 'Recent events with their cursors (after=N continues from a cursor)',
      query: z.strictObject({
        after: queryInteger(0, Number.MAX_SAFE_INTEGER).optional(),
        limit: queryInteger(1, 1000).optional(),
        types: z
          .string()
          .regex(/^[A-Za-z]+(,[A-Za-z]+)*$/, 'expected a comma-separated list of event types')
          .optional(),
      }),
    },
    async ({ query }) => {
      const limit = query.limit ?? 100;
      const types = query.types === undefined ? undefined : new Set(query.types.split(','));
      const items =
        query.after === undefined ? events.recent(limit, types) : events.after(query.after, limit, types);
      return { events: items, head: events.head, oldest: events.oldest, historyOldest: events.historyOldest };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/dead-letters',
      scope: 'read',
      tag: 'dead-letters',
      summary: 'Unresolved dead letters',
    },
    async () => ({
      deadLetters: await engine.deadLetters(),
    }),
  );

  for (const verb of ['retry', 'discard'] as const) {
    defineRoute(
      app,
      routes,
      {
        method: 'POST',
        url: `/api/v1/dead-letters/:id/${verb}`,
        scope: 'admin',
        tag: 'dead-letters',
        summary: `${verb === 'retry' ? 'Retry' : 'Discard'} a dead letter`,
        params: idParams,
      },
      async ({ params, actor }) => {
        await audited(audit, { actor, action: `dead-letter.${verb}`, target: params.id }, () =>
          verb === 'retry'
            ? engine.retryDeadLetter(params.id, actor)
            : engine.discardDeadLetter(params.id, actor),
        );
        return { id: params.id, resolution: verb === 'retry' ? 'retried' : 'discarded' };
      },
    );
  }

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/audit',
      scope: 'admin',
      tag: 'audit',
      summary: 'Audit log entries after a sequence',
      query: z.strictObject({
        after: queryInteger(0, Number.MAX_SAFE_INTEGER).optional(),
        limit: queryInteger(1, 1000).optional(),
        actor: z.string().max(128).optional(),
        action: z.string().max(128).optional(),
      }),
    },
    async ({ query }) => ({
      entries: audit.query({
        limit: query.limit ?? 100,
        ...(query.after === undefined ? {} : { after: query.after }),
        ...(query.actor === undefined ? {} : { actor: query.actor }),
        ...(query.action === undefined ? {} : { action: query.action }),
      }),
    }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/venue-requests',
      scope: 'read',
      tag: 'venues',
      summary: 'Requests sent to venues with status and latency (secrets redacted)',
      query: z.strictObject({
        venue: z.string().max(32).optional(),
        limit: queryInteger(1, 1000).optional(),
      }),
    },
    async ({ query }) => ({
      requests: ctx.venueRequests({
        limit: query.limit ?? 100,
        ...(query.venue === undefined ? {} : { venue: query.venue }),
      }),
      connections: engine.venueConnections(),
    }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/tokens/current',
      scope: 'read',
      tag: 'tokens',
      summary: 'The calling token: id, name and scope (what a client may show)',
    },
    async ({ request }) => {
      const token = request.actor;
      // The auth hook sets the actor on every route that has a scope; this one has.
      if (token === undefined)
        throw new TmtError('API_UNAUTHENTICATED', 'send Authorization: Bearer <token>');
      return { id: token.id, name: token.name, scope: token.scope };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/tokens',
      scope: 'admin',
      tag: 'tokens',
      summary: 'API tokens (never their secrets)',
    },
    async () => ({
      tokens: tokens.list(),
    }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/tokens',
      scope: 'admin',
      tag: 'tokens',
      summary: 'Create a token; the secret is shown once',
      body: z.strictObject({
        name: z.string().min(1).max(64),
        scope: z.enum(API_SCOPES),
        rateLimitPerSecond: z.number().int().min(1).max(100_000).optional(),
      }),
    },
    async ({ body, actor, reply }) => {
      const created = await audited(
        audit,
        { actor, action: 'token.create', target: body.name, details: { scope: body.scope } },
        () =>
          tokens.create({
            name: body.name,
            scope: body.scope,
            createdBy: actor,
            ...(body.rateLimitPerSecond === undefined ? {} : { rateLimitPerSecond: body.rateLimitPerSecond }),
          }),
      );
      return reply.status(201).send({ ...created.record, token: created.token });
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'DELETE',
      url: '/api/v1/tokens/:id',
      scope: 'admin',
      tag: 'tokens',
      summary: 'Revoke a token',
      params: idParams,
    },
    async ({ params, actor }) => {
      await audited(audit, { actor, action: 'token.revoke', target: params.id }, () =>
        tokens.revoke(params.id),
      );
      return { id: params.id, revoked: true };
    },
  );
}
