import type { MatchingEngine, MatchingEvent } from '../matching';
import type { SimAlgos } from './algo';
import type { SimExchange } from './exchange';

/**
 * attachAlgoOrds (POST /api/v5/trade/order): TP/SL attached to an entry. OKX places them once the entry is
 * filled: each item becomes an algo order on the other side for the filled size, under its attachAlgoClOrdId,
 * an `oco` when the item has both a take-profit and a stop-loss, else a `conditional`. Before the fill they
 * exist only on the entry (echoed in its attachAlgoOrds).
 */
export class SimAttachedAlgos {
  /** Entries whose attached orders were placed: a later fill report of the same order places nothing again. */
  private readonly placed = new Set<string>();

  constructor(engine: MatchingEngine, private readonly exchange: SimExchange, private readonly algos: SimAlgos) {
    engine.onEvent((event) => this.onEvent(event));
  }

  private onEvent(event: MatchingEvent): void {
    if (event.type !== 'order-filled' || event.order.status !== 'filled') return;
    const meta = this.exchange.meta.get(this.exchange.wireOrdId(event.order.orderId));
    if (meta === undefined || meta.attachAlgoOrds.length === 0 || this.placed.has(meta.ordId)) return;
    this.placed.add(meta.ordId);
    for (const item of meta.attachAlgoOrds) {
      const tp = item.tpTriggerPx !== undefined && item.tpTriggerPx !== '';
      const sl = item.slTriggerPx !== undefined && item.slTriggerPx !== '';
      if (!tp && !sl) continue;
      const body: Record<string, unknown> = {
        instId: meta.instId,
        tdMode: meta.tdMode,
        side: meta.side === 'buy' ? 'sell' : 'buy',
        ordType: tp && sl ? 'oco' : 'conditional',
        // The entry filled in full: its size as it was sent (OKX echoes sizes in the form it was given).
        sz: meta.sz,
        algoClOrdId: item.attachAlgoClOrdId ?? '',
        ...(tp ? { tpTriggerPx: item.tpTriggerPx, tpOrdPx: item.tpOrdPx ?? '-1' } : {}),
        ...(sl ? { slTriggerPx: item.slTriggerPx, slOrdPx: item.slOrdPx ?? '-1' } : {}),
      };
      // Placed after the fill's own reports, as OKX does: the attached algos follow the entry's fill.
      queueMicrotask(() => void this.algos.place(body));
    }
  }
}
