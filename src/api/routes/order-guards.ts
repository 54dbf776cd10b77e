import { TmtError, type OrderRequest } from '../../core';
import { timeInForceRefusal } from '../../engine/emulation/time-in-force';
import type { TradingEngine } from '../../engine/trading-engine';

/**
 * Refuses an order for an account or instrument the service does not have before the engine sees it: the
 * engine journals every denial under the order's id, and an order for an account that does not exist is
 * not an order at all, so nothing is written for it. A time in force the venue cannot work for the order type
 * (nor the engine keep for it) is refused the same way. In a list, the field is named `orders.N.field`.
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
    const capabilities = engine.venueCapabilities(account.accountId);
    const refusal = capabilities === undefined ? undefined : timeInForceRefusal(request, capabilities);
    if (refusal !== undefined) {
      throw new TmtError('API_VALIDATION', `${prefix}timeInForce: ${refusal}`, {
        field: `${prefix}timeInForce`,
        details: { rule: 'venue-time-in-force', timeInForce: request.timeInForce, type: request.type },
      });
    }
  });
}
