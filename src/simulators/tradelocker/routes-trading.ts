import type { Decimal } from '../../core/money/decimal';
import { TL_ERRORS, type TlError } from './errors';
import { specById, specByName, type TlInstrumentSpec } from './instruments';
import { decimalField, idField, type Json } from './json';
import { error, ok, type Answer, type RouteContext, type TlSimServer } from './server';
import { brokerRules, checkOrderChanges, checkPlaceOrder } from './validation';

type Query = Record<string, string | undefined>;

const done = (problem: TlError | undefined): Answer => (problem === undefined ? ok() : error(problem));

/** Place, modify and cancel orders; modify and close positions, one or all. */
export function registerTradingRoutes(server: TlSimServer, { venue }: RouteContext): void {
  const instrumentFilter = (query: Query): TlInstrumentSpec | undefined | TlError => {
    const raw = query['tradableInstrumentId'];
    if (raw === undefined) return undefined;
    return specById(raw) ?? TL_ERRORS.instrumentNotFound;
  };

  // POST /trade/accounts/{accountId}/orders → {"s":"ok","d":{"orderId":"..."}}
  server.route('POST', '/trade/accounts/:accountId/orders', 'PLACE_ORDER', (request, account) => {
    const checked = checkPlaceOrder((request.body ?? {}) as Json);
    if (!checked.ok) return error(checked.error);
    const placed = venue.place(account?.id ?? '', checked.value);
    return 'errmsg' in placed ? error(placed) : ok({ orderId: placed.orderId });
  });

  // DELETE /trade/accounts/{accountId}/orders[?tradableInstrumentId]: every pending order.
  server.route('DELETE', '/trade/accounts/:accountId/orders', 'MODIFY_ORDER', (request, account) => {
    const spec = instrumentFilter(request.query as Query);
    if (spec !== undefined && 'errmsg' in spec) return error(spec);
    venue.cancelAll(account?.id ?? '', spec);
    return ok();
  });

  // DELETE /trade/accounts/{accountId}/positions[?tradableInstrumentId]: closes every position.
  server.route('DELETE', '/trade/accounts/:accountId/positions', 'MODIFY_POSITION', (request, account) => {
    const spec = instrumentFilter(request.query as Query);
    if (spec !== undefined && 'errmsg' in spec) return error(spec);
    venue.positions.closeAll(account?.id ?? '', spec);
    return ok();
  });

  const orderId = (request: { params: unknown }): string => idField((request.params as { orderId: string }).orderId) ?? '';
  const positionId = (request: { params: unknown }): string => idField((request.params as { positionId: string }).positionId) ?? '';

  server.route('DELETE', '/trade/orders/:orderId', 'MODIFY_ORDER', (request, account) => done(venue.cancel(account?.id ?? '', orderId(request))));

  server.route('PATCH', '/trade/orders/:orderId', 'MODIFY_ORDER', (request, account) => {
    const record = venue.orders.get(orderId(request));
    if (record === undefined || record.accountId !== account?.id) return error(TL_ERRORS.orderNotFound);
    const checked = checkOrderChanges((request.body ?? {}) as Json, specByName(record.instrument) as TlInstrumentSpec);
    if (!checked.ok) return error(checked.error);
    return done(venue.modify(account.id, record.orderId, checked.value));
  });

  // DELETE /trade/positions/{positionId} with {"qty": n}: 0 or absent closes all of it.
  server.route('DELETE', '/trade/positions/:positionId', 'MODIFY_POSITION', (request, account) => {
    const body = (request.body ?? {}) as Json;
    const lots = body['qty'] === undefined ? undefined : decimalField(body['qty']);
    if (body['qty'] !== undefined && (lots === undefined || lots.isNegative())) return error({ status: 400, errmsg: 'Invalid qty: expected a number, 0 for the whole position' });
    return done(venue.positions.close(account?.id ?? '', positionId(request), lots));
  });

  // PATCH /trade/positions/{positionId} with stopLoss / takeProfit (absolute prices; null removes); a stopLoss
  // with stopLossType trailingOffset is a trailing distance (the API's StopLossType, as on a new order).
  server.route('PATCH', '/trade/positions/:positionId', 'MODIFY_POSITION', (request, account) => {
    const body = (request.body ?? {}) as Json;
    const record = venue.positions.find(account?.id ?? '', positionId(request));
    if (record === undefined) return error(TL_ERRORS.positionNotFound);
    const spec = specByName(record.instrument) as TlInstrumentSpec;
    const stopLossType = body['stopLossType'] ?? 'absolute';
    if (stopLossType !== 'absolute' && stopLossType !== 'trailingOffset') return error({ status: 400, errmsg: 'Invalid stopLossType: expected absolute or trailingOffset' });
    if (stopLossType === 'trailingOffset' && (body['stopLoss'] === undefined || body['stopLoss'] === null)) return error({ status: 400, errmsg: 'Invalid stopLoss: stopLossType trailingOffset needs a positive distance' });
    const changes: { stopLoss?: Decimal | null; takeProfit?: Decimal | null; stopLossType?: 'absolute' | 'trailingOffset' } = { stopLossType };
    for (const field of ['stopLoss', 'takeProfit'] as const) {
      if (body[field] === undefined) continue;
      if (body[field] === null) {
        changes[field] = null;
        continue;
      }
      const value = decimalField(body[field]);
      if (value === undefined || !value.isPositive()) return error({ status: 400, errmsg: `Invalid ${field}: expected a positive number or null` });
      const rule = brokerRules(spec, undefined, value);
      if (rule !== undefined) return error(rule);
      changes[field] = value;
    }
    if (changes.stopLoss === undefined && changes.takeProfit === undefined) return error({ status: 400, errmsg: 'Nothing to modify: expected stopLoss or takeProfit' });
    return done(venue.positions.modify(account?.id ?? '', record.id, changes));
  });
}
