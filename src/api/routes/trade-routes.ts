import { z } from 'zod/v4';

import { AccountId, Decimal, InstrumentId, Price, TradeId, type TradeOrderChanges } from '../../core';
import { audited } from '../audit/audited';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { accountIdSchema, instrumentIdSchema, positiveDecimalString } from '../schemas/common';

/** Venue trade ids are the venue's own (OANDA: digits); kept short and printable. */
const tradeIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'expected a trade id: 1-64 of [A-Za-z0-9._:-]');
const accountParams = z.strictObject({ accountId: accountIdSchema });
const tradeParams = z.strictObject({ accountId: accountIdSchema, tradeId: tradeIdSchema });
const positionParams = z.strictObject({ accountId: accountIdSchema, instrumentId: instrumentIdSchema });
/** A price sets or replaces the dependent order, null removes it, absent leaves it. */
const changeable = positiveDecimalString.nullable().optional();
const changesBody = z
  .strictObject({ takeProfit: changeable, stopLoss: changeable, trailingStopDistance: changeable })
  .refine((b) => b.takeProfit !== undefined || b.stopLoss !== undefined || b.trailingStopDistance !== undefined, {
    message: 'expected at least one of takeProfit, stopLoss, trailingStopDistance',
  });

function changesOf(body: z.infer<typeof changesBody>): TradeOrderChanges {
  const price = (value: string | null | undefined) =>
    value === undefined ? undefined : value === null ? null : Price.parse(value);
  const takeProfit = price(body.takeProfit);
  const stopLoss = price(body.stopLoss);
  const trailing = body.trailingStopDistance;
  return {
    ...(takeProfit === undefined ? {} : { takeProfit }),
    ...(stopLoss === undefined ? {} : { stopLoss }),
    ...(trailing === undefined ? {} : { trailingStopDistance: trailing === null ? null : Decimal.parse(trailing) }),
  };
}

/**
 * Trade-level operations on venues that keep trades (issue 15, item 5): a trade's SL/TP/trailing stop after
 * its fill, closing one trade, and the venue's own position close. Venues without trades answer
 * OMS_MODIFY_NOT_SUPPORTED.
 */
export function registerTradeRoutes(ctx: ApiContext): void {
  const { app, routes, engine, audit } = ctx;

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/accounts/:accountId/trades',
      scope: 'read',
      tag: 'positions',
      summary: 'Open trades at the venue, with their stop-loss, take-profit and trailing stop',
      params: accountParams,
    },
    async ({ params }) => ({ trades: await engine.openTrades(AccountId.parse(params.accountId)) }),
  );

  defineRoute(
    app,
    routes,
    {
      method: 'PATCH',
      url: '/api/v1/accounts/:accountId/trades/:tradeId/orders',
      scope: 'trade',
      tag: 'positions',
      summary: "Set, replace or remove (null) an open trade's takeProfit, stopLoss, trailingStopDistance",
      params: tradeParams,
      body: changesBody,
    },
    async ({ params, body, actor }) => {
      const trade = await audited(
        audit,
        { actor, action: 'trade.orders', target: `${params.accountId}/${params.tradeId}`, details: body },
        () =>
          engine.changeTradeOrders(AccountId.parse(params.accountId), TradeId.of(params.tradeId), changesOf(body), actor),
      );
      return { trade };
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/accounts/:accountId/trades/:tradeId/close',
      scope: 'trade',
      tag: 'positions',
      summary: 'Close one trade fully, or partly with {units}',
      params: tradeParams,
      body: z.strictObject({ units: positiveDecimalString.optional() }),
    },
    async ({ params, body, actor }) => {
      const units = body.units === undefined ? undefined : Decimal.parse(body.units);
      return audited(
        audit,
        { actor, action: 'trade.close', target: `${params.accountId}/${params.tradeId}`, details: body },
        () => engine.closeTrade(AccountId.parse(params.accountId), TradeId.of(params.tradeId), units, actor),
      );
    },
  );

  defineRoute(
    app,
    routes,
    {
      method: 'POST',
      url: '/api/v1/positions/:accountId/:instrumentId/close-at-venue',
      scope: 'trade',
      tag: 'positions',
      summary: "Close a position with the venue's own position close (FIFO-correct on US accounts)",
      params: positionParams,
    },
    async ({ params, actor }) =>
      audited(
        audit,
        { actor, action: 'position.close-at-venue', target: `${params.accountId}/${params.instrumentId}` },
        () =>
          engine.closePositionAtVenue(
            AccountId.parse(params.accountId),
            InstrumentId.parse(params.instrumentId),
            actor,
          ),
      ),
  );
}
