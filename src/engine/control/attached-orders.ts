import type { ClientOrderId, VenueTrade } from '../../core';
import type { AttachedOrderView } from '../trading-engine';
import { TmtError } from '../../core';
import type { EngineContext } from '../context';

/**
 * The orders a venue attached to a parent's fill itself (issue 15 item 5): they are the venue's, not engine
 * orders, so they are read from the trades the parent's fills opened (a fill's trade id names the trade on
 * venues that keep trades) and shown linked to the parent. Venues without trades have none to show.
 */
export async function attachedAtVenue(context: EngineContext, clientOrderId: ClientOrderId): Promise<readonly AttachedOrderView[]> {
  const entry = context.cache.get(clientOrderId);
  if (entry === undefined) throw new TmtError('OMS_UNKNOWN_ORDER', `no order with client id ${clientOrderId}`, { field: 'clientOrderId' });
  const order = entry.order;
  const trades = context.gateways.get(entry.venue)?.client.trades;
  if (order.request.attached === undefined || trades === undefined || order.tradeIds.size === 0) return [];
  const open: readonly VenueTrade[] = await trades.openTrades(order.request.accountId);
  const out: AttachedOrderView[] = [];
  for (const trade of open) {
    if (!order.tradeIds.has(trade.tradeId)) continue;
    const base = { parentClientOrderId: order.clientOrderId, tradeId: trade.tradeId, status: 'accepted' as const };
    if (trade.stopLoss !== undefined)
      out.push({ ...base, kind: 'stop-loss', venueOrderId: trade.stopLoss.orderId, triggerPrice: trade.stopLoss.price });
    if (trade.takeProfit !== undefined)
      out.push({ ...base, kind: 'take-profit', venueOrderId: trade.takeProfit.orderId, triggerPrice: trade.takeProfit.price });
    if (trade.trailingStopDistance !== undefined)
      out.push({ ...base, kind: 'trailing-stop', trailingDistance: trade.trailingStopDistance.toString() });
  }
  return out;
}
