import { TmtError, type OrderRequest } from '../../core';
import type { TradingEngine } from '../../engine/trading-engine';

/**
 * Refuses an order for an account or instrument the service does not have before the engine sees it: the
 * engine journals every denial under the order's id, and an order for an account that does not exist is
 * not an order at all, so nothing is written for it. In a list, the field is named `orders.N.field`.
 */
export function requireKnownTargets(
  engine: TradingEngine,
  requests: readonly OrderRequest[],
  listField = false,
): void {
  const accounts = engine.accounts();
  const instruments = engine.instruments();
  requests.forEach((request, index) => {
    const prefix = listField ? `orders.${index}.` : '';
    const account = accounts.find((a) => a.accountId === request.accountId);
    if (account === undefined) {
      throw new TmtError('OMS_UNKNOWN_ACCOUNT', `${prefix}accountId: no account ${request.accountId}`, {
        field: `${prefix}accountId`,
      });
    }
    const instrument = instruments.find((i) => i.id === request.instrumentId);
    if (instrument === undefined) {
      throw new TmtError(
        'OMS_UNKNOWN_INSTRUMENT',
        `${prefix}instrumentId: no instrument ${request.instrumentId}`,
        { field: `${prefix}instrumentId` },
      );
    }
    if (!request.instrumentId.endsWith(`.${account.venue}`)) {
      throw new TmtError(
        'OMS_UNKNOWN_INSTRUMENT',
        `${prefix}instrumentId: account ${account.accountId} trades at ${account.venue}, found ${request.instrumentId}`,
        { field: `${prefix}instrumentId` },
      );
    }
  });
}
