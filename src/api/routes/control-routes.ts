import { z } from 'zod/v4';

import { AccountId, Decimal, TmtError } from '../../core';
import { audited } from '../audit/audited';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { accountIdSchema } from '../schemas/common';

const scopeSchema = z.union([z.literal('global'), accountIdSchema]);
// A JSON number is a binary float once parsed: decimals (amounts, fractions) travel as strings, and a number
// is accepted only as a whole count or rate, which a float holds exactly.
const limitValue = z
  .union([z.string().max(64), z.number(), z.null()])
  .refine((value) => typeof value !== 'number' || Number.isSafeInteger(value), {
    message: 'decimals are sent as strings, e.g. "0.02"; numbers only as whole counts',
  });

/**
 * Ceilings a limit may not exceed, whatever the engine accepts: a limit of 10^30 or a rate of 10^12 per
 * second is a typo that switches the limit off while looking set. Amounts are in the account currency.
 */
const LIMIT_CEILINGS: Readonly<Record<string, Decimal>> = {
  maxOrderNotional: Decimal.parse('1000000000000'),
  maxPositionNotionalPerInstrument: Decimal.parse('1000000000000'),
  maxPositionNotionalPerAccount: Decimal.parse('1000000000000'),
  maxPositionNotionalSystem: Decimal.parse('1000000000000'),
  dailyLossLimit: Decimal.parse('1000000000000'),
  maxLeverage: Decimal.parse('1000'),
  majorPairMaxLeverage: Decimal.parse('1000'),
  otherPairMaxLeverage: Decimal.parse('1000'),
  maxOpenOrders: Decimal.parse('100000'),
  maxConcurrentPositions: Decimal.parse('100000'),
  submitRatePerSecond: Decimal.parse('10000'),
  modifyRatePerSecond: Decimal.parse('10000'),
};

function checkCeilings(limits: Readonly<Record<string, string | number | null>>): void {
  for (const [key, value] of Object.entries(limits)) {
    const ceiling = LIMIT_CEILINGS[key];
    if (ceiling === undefined || value === null) continue;
    // Malformed text is the engine's to name; only a well-formed value over its ceiling is refused here.
    const parsed = Decimal.tryParse(String(value));
    if (parsed !== undefined && parsed.gt(ceiling)) {
      throw new TmtError(
        'API_VALIDATION',
        `body.limits.${key}: must be at most ${ceiling.toString()}, found ${String(value)}`,
        { field: `limits.${key}`, details: { limit: ceiling.toString(), found: String(value) } },
      );
    }
  }
}

export function registerControlRoutes(ctx: ApiContext): void {
  const { app, routes, engine, audit } = ctx;
  const toScope = (scope: string) => (scope === 'global' ? 'global' : AccountId.parse(scope));
  const knownScope = (scope: string) => {
    if (scope !== 'global' && !engine.accounts().some((a) => a.accountId === scope)) {
      throw new TmtError('OMS_UNKNOWN_ACCOUNT', `no account ${scope}`, { field: 'scope' });
    }
  };

  const tradingStates = () => ({
    global: engine.tradingState('global'),
    accounts: Object.fromEntries(
      engine.accounts().map((a) => [a.accountId, engine.tradingState(a.accountId)]),
    ),
  });

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/risk',
      scope: 'read',
      tag: 'risk',
      summary: 'Risk limits and trading states',
    },
    async () => ({
      limits: engine.riskLimits(),
      tradingState: tradingStates(),
      acceptingIntents: engine.isAcceptingIntents(),
    }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'PUT',
      url: '/api/v1/risk/limits',
      scope: 'admin',
      tag: 'risk',
      summary: 'Change risk limits of one scope (validated as a whole; audited)',
      body: z.strictObject({ scope: scopeSchema, limits: z.record(z.string().min(1).max(64), limitValue) }),
    },
    async ({ body, actor }) => {
      knownScope(body.scope);
      checkCeilings(body.limits);
      const limits = await audited(
        audit,
        { actor, action: 'risk.limits.update', target: body.scope, details: body.limits },
        () => engine.updateRiskLimits(toScope(body.scope), body.limits, actor),
      );
      return { limits };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/risk/state',
      scope: 'admin',
      tag: 'risk',
      summary: 'Set ACTIVE, REDUCING or HALTED globally or per account',
      body: z.strictObject({
        scope: scopeSchema,
        state: z.enum(['ACTIVE', 'REDUCING', 'HALTED']),
        reason: z.string().min(1).max(200),
      }),
    },
    async ({ body, actor }) => {
      knownScope(body.scope);
      await audited(
        audit,
        {
          actor,
          action: 'risk.state.set',
          target: body.scope,
          details: { state: body.state, reason: body.reason },
        },
        () => engine.setTradingState(toScope(body.scope), body.state, body.reason, actor),
      );
      return { tradingState: tradingStates() };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/reconciliation',
      scope: 'read',
      tag: 'risk',
      summary: 'Reconciliation status and unresolved items',
    },
    async () => engine.reconciliation(),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/reconciliation/accept',
      scope: 'admin',
      tag: 'risk',
      summary: "Accept the venue's view of one unresolved item (admin; audited; journaled as order events)",
      body: z.strictObject({
        item: z.string().min(1).max(200),
        accountId: accountIdSchema.optional(),
      }),
    },
    async ({ body, actor }) => {
      const accountId = body.accountId === undefined ? undefined : AccountId.parse(body.accountId);
      if (accountId !== undefined && !engine.accounts().some((a) => a.accountId === accountId))
        throw new TmtError('OMS_UNKNOWN_ACCOUNT', `no account ${accountId}`, { field: 'accountId' });
      const accepted = await audited(
        audit,
        { actor, action: 'reconciliation.accept-venue-truth', target: body.accountId ?? body.item, details: { item: body.item } },
        () => engine.acceptVenueTruth(accountId, body.item, actor),
      );
      return { accepted, reconciliation: engine.reconciliation() };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/emergency-stop',
      scope: 'admin',
      tag: 'control',
      summary: 'Kill switch: HALTED everywhere, every open order canceled, optionally flatten positions',
      body: z.strictObject({ flatten: z.boolean().optional() }),
    },
    async ({ body, actor }) => {
      const flatten = body.flatten ?? false;
      const result = await audited(
        audit,
        { actor, action: 'kill-switch', target: 'global', details: { flatten } },
        () => engine.killSwitch({ flatten }, actor),
      );
      return { ...result, tradingState: tradingStates() };
    },
  );

  for (const accepting of [false, true]) {
    defineRoute(
      app,
      routes,
      {
        method: 'POST',
        url: accepting ? '/start' : '/stop',
        scope: 'admin',
        tag: 'control',
        summary: accepting
          ? 'Resume taking new intents'
          : 'Stop taking new intents; open orders and positions stay managed',
      },
      async ({ actor }) => {
        await audited(
          audit,
          { actor, action: accepting ? 'intake.start' : 'intake.stop', target: 'global' },
          () => engine.setIntake(accepting, actor),
        );
        return { acceptingIntents: engine.isAcceptingIntents() };
      },
    );
  }
}
