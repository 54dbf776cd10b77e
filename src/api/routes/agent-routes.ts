import { z } from 'zod/v4';

import { AccountId, TmtError, type OrchestratorPort } from '../../core';
import { audited } from '../audit/audited';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { accountIdSchema, queryInteger } from '../schemas/common';

const agentParams = z.strictObject({ agentId: z.string().min(1).max(64) });

/** Agents (registry, health, lifecycle) under /api/v1, and the seed's own paths beside them. */
export function registerAgentRoutes(ctx: ApiContext, orchestrator: OrchestratorPort): void {
  const { app, routes, audit, engine } = ctx;
  const known = (agentId: string) => {
    const agent = orchestrator.agent(agentId);
    if (agent === undefined)
      throw new TmtError('ORCH_AGENT_UNKNOWN', `agent ${agentId} is not registered`, { field: 'agentId' });
    return agent;
  };

  for (const prefix of ['/api/v1', '']) {
    defineRoute(
      app,
      routes,
      {
        method: 'GET',
        url: `${prefix}/agents`,
        scope: 'read',
        tag: 'agents',
        summary: 'Registered agents with their health',
      },
      async () => ({ agents: orchestrator.agents() }),
    );
    defineRoute(
      app,
      routes,
      {
        method: 'GET',
        url: `${prefix}/agents/:agentId/health`,
        scope: 'read',
        tag: 'agents',
        summary: "An agent's health: time since last seen, response time, error rate",
        params: agentParams,
      },
      async ({ params }) => known(params.agentId),
    );
    defineRoute(
      app,
      routes,
      {
        method: 'POST',
        url: `${prefix}/agents/:agentId/restart`,
        scope: 'admin',
        tag: 'agents',
        summary: 'Restart a managed agent (audited)',
        params: agentParams,
      },
      async ({ params, actor }) =>
        audited(audit, { actor, action: 'agent.restart', target: params.agentId }, () =>
          orchestrator.restartAgent(params.agentId, actor),
        ),
    );
  }

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/agents',
      scope: 'trade',
      tag: 'agents',
      summary: 'Register an external agent (counts as its first heartbeat)',
      body: z.strictObject({ agentId: z.string().min(1).max(64) }),
    },
    async ({ body, actor, reply }) => {
      void reply.status(201);
      return orchestrator.registerAgent(body.agentId, actor);
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/agents/:agentId/heartbeat',
      scope: 'trade',
      tag: 'agents',
      summary: 'Heartbeat (the seed interval is 30 s), with the agent-measured response time',
      params: agentParams,
      body: z.strictObject({ responseTimeMs: z.number().min(0).max(3_600_000).optional() }),
    },
    async ({ params, body }) => orchestrator.heartbeat(params.agentId, body.responseTimeMs),
  );

  for (const enabled of [true, false]) {
    defineRoute(
      app,
      routes,
      {
        method: 'POST',
        url: `/api/v1/agents/:agentId/${enabled ? 'enable' : 'disable'}`,
        scope: 'admin',
        tag: 'agents',
        summary: enabled
          ? 'Enable an agent'
          : 'Disable an agent: its signals are refused (ORCH_AGENT_DISABLED)',
        params: agentParams,
      },
      async ({ params, actor }) =>
        audited(
          audit,
          { actor, action: enabled ? 'agent.enable' : 'agent.disable', target: params.agentId },
          () => orchestrator.setAgentEnabled(params.agentId, enabled, actor),
        ),
    );
  }

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/health',
      scope: undefined,
      tag: 'health',
      summary: 'Aggregate health (seed 004): engine, agents, breakers',
    },
    async () => {
      const agents = orchestrator.agents();
      const open = orchestrator.breakers().filter((b) => b.state === 'open');
      const unhealthy = agents.filter((a) => a.health === 'unhealthy').length;
      const halted = engine.tradingState('global') === 'HALTED';
      const status =
        halted || !orchestrator.isIntakeOpen()
          ? 'halted'
          : unhealthy > 0 || open.length > 0
            ? 'degraded'
            : 'ok';
      return {
        status,
        acceptingIntents: engine.isAcceptingIntents(),
        intakeOpen: orchestrator.isIntakeOpen(),
        tradingState: engine.tradingState('global'),
        agents: {
          total: agents.length,
          healthy: agents.filter((a) => a.health === 'healthy').length,
          unhealthy,
        },
        openBreakers: open.length,
      };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/trades',
      scope: 'read',
      tag: 'signals',
      summary: 'Recent fills, newest first (seed 004)',
      query: z.strictObject({ limit: queryInteger(1, 1000).optional() }),
    },
    async ({ query }) => ({ trades: [...engine.fills({})].reverse().slice(0, query.limit ?? 100) }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/accounts/:accountId/status',
      scope: 'read',
      tag: 'signals',
      summary: 'Account status (seed 004): state, trading state, positions, its circuit breaker',
      params: z.strictObject({ accountId: accountIdSchema }),
    },
    async ({ params }) => {
      const accountId = AccountId.parse(params.accountId);
      const account = engine.accounts().find((a) => a.accountId === accountId);
      if (account === undefined)
        throw new TmtError('OMS_UNKNOWN_ACCOUNT', `no account ${accountId}`, { field: 'accountId' });
      const breaker = orchestrator.breakers().find((b) => b.id === `account:${accountId}`);
      return {
        ...account,
        positions: engine.positions(accountId),
        breaker: breaker ?? { id: `account:${accountId}`, state: 'closed' },
      };
    },
  );
}
