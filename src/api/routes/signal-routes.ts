import { z } from 'zod/v4';

import { TmtError, type OrchestratorPort } from '../../core';
import { audited } from '../audit/audited';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { queryInteger } from '../schemas/common';

const outcomeSchema = z.enum(['pending', 'dropped', 'refused', 'open', 'closed']);
// The signal's own validator names the field and the rule (ORCH_SIGNAL_INVALID); zod only checks the shape.
const signalBody = z.record(z.string().max(64), z.unknown());

/** Signals in (POST /api/v1/signals, alert webhooks), their traces out; the orchestrator behind its port. */
export function registerSignalRoutes(ctx: ApiContext, orchestrator: OrchestratorPort): void {
  const { app, routes, audit } = ctx;

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/signals',
      scope: 'trade',
      tag: 'signals',
      summary:
        'Submit a signal: validated, idempotent on clientSignalId, run through the pipeline; returns its trace',
      body: signalBody,
    },
    async ({ body, actor, reply }) => {
      const result = await orchestrator.submitSignal(body, 'api', actor);
      void reply.status(result.existing ? 200 : 201);
      return { ...result.record, existing: result.existing };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/signals',
      scope: 'read',
      tag: 'signals',
      summary: 'Recent signals, newest first, filtered by agent, instrument and outcome',
      query: z.strictObject({
        agentId: z.string().max(64).optional(),
        instrumentId: z.string().max(64).optional(),
        outcome: outcomeSchema.optional(),
        limit: queryInteger(1, 1000).optional(),
      }),
    },
    async ({ query }) => ({
      signals: orchestrator.signals({
        ...(query.agentId === undefined ? {} : { agentId: query.agentId }),
        ...(query.instrumentId === undefined ? {} : { instrumentId: query.instrumentId }),
        ...(query.outcome === undefined ? {} : { outcome: query.outcome }),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      }),
    }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/signals/:signalId',
      scope: 'read',
      tag: 'signals',
      summary: "One signal's trace: each stage's decision, its orders, fills and outcome",
      params: z.strictObject({ signalId: z.string().min(1).max(64) }),
    },
    async ({ params }) => {
      const record = orchestrator.signal(params.signalId);
      if (record === undefined)
        throw new TmtError('ORCH_SIGNAL_NOT_FOUND', `no signal ${params.signalId}`, { field: 'signalId' });
      return record;
    },
  );

  // Alert senders (TradingView and the like) cannot set headers: no bearer token; the webhook's own secret,
  // in the path or the body, authenticates. Plain-text bodies are accepted on these routes only.
  void app.register(async (scope) => {
    scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    for (const url of ['/api/v1/webhooks/:name', '/api/v1/webhooks/:name/:secret']) {
      defineRoute(
        scope,
        routes,
        {
          method: 'POST',
          url,
          scope: undefined,
          tag: 'signals',
          summary:
            'An alert webhook: the template maps the alert to a signal; the secret is checked in constant time',
          params: z.strictObject({
            name: z.string().min(1).max(64),
            secret: z.string().min(1).max(256).optional(),
          }),
          body: z.union([z.string().max(16_384), z.record(z.string(), z.unknown())]),
        },
        async ({ params, body, request, reply }) => {
          const result = await orchestrator.receiveAlert({
            name: params.name,
            body,
            rawBody: typeof body === 'string' ? body : JSON.stringify(body),
            ...(params.secret === undefined ? {} : { pathSecret: params.secret }),
            sourceAddress: request.ip,
          });
          void reply.status(result.existing ? 200 : 201);
          return { signalId: result.record.signal.signalId, outcome: result.record.outcome };
        },
      );
    }
  });

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/signals/emergency-stop',
      scope: 'admin',
      tag: 'signals',
      summary: "Emergency stop: signal intake closed, every agent's orders stopped, the kill switch fired",
    },
    async ({ actor }) => {
      const result = await audited(
        audit,
        { actor, action: 'orchestrator.emergency-stop', target: 'global' },
        () => orchestrator.emergencyStop(actor),
      );
      return { ...result, intakeOpen: orchestrator.isIntakeOpen() };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/signals/resume',
      scope: 'admin',
      tag: 'signals',
      summary: 'Reopen signal intake after an emergency stop (the trading state is set separately)',
    },
    async ({ actor }) => {
      await audited(audit, { actor, action: 'orchestrator.resume', target: 'global' }, () =>
        orchestrator.resumeIntake(actor),
      );
      return { intakeOpen: orchestrator.isIntakeOpen() };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/breakers',
      scope: 'read',
      tag: 'signals',
      summary: 'Circuit breakers and their states',
    },
    async () => ({ breakers: orchestrator.breakers(), intakeOpen: orchestrator.isIntakeOpen() }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/breakers/:id/resume',
      scope: 'admin',
      tag: 'signals',
      summary: 'Operator resume of an open circuit breaker (audited)',
      params: z.strictObject({ id: z.string().min(1).max(128) }),
    },
    async ({ params, actor }) =>
      audited(audit, { actor, action: 'breaker.resume', target: params.id }, () =>
        orchestrator.resumeBreaker(params.id, actor),
      ),
  );
}
