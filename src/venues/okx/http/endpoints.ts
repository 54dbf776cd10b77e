import type { OkxEnvelope, OkxRestClient } from './rest-client';
import type { WireAlgoAck, WireAccountConfig, WireBalance, WireFill, WireInstrument, WireOrder, WireOrderAck } from '../parse/wire';

const q = (pairs: Record<string, string | undefined>): [string, string][] =>
  Object.entries(pairs).filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '');

/** The raw OKX v5 REST API: one method per endpoint, fields as on the wire (STYLE rule 7). */
export class OkxRestApi {
  constructor(readonly http: OkxRestClient) {}

  /** GET /api/v5/public/instruments */
  async instruments(instType: 'SPOT' | 'SWAP' | 'FUTURES'): Promise<readonly WireInstrument[]> {
    return (await this.http.call<WireInstrument>({ method: 'GET', path: '/api/v5/public/instruments', query: q({ instType }), private: false })).data;
  }

  /** GET /api/v5/market/books */
  async books(instId: string, sz: number): Promise<{ asks: string[][]; bids: string[][]; ts: string } | undefined> {
    return (await this.http.call<{ asks: string[][]; bids: string[][]; ts: string }>({ method: 'GET', path: '/api/v5/market/books', query: q({ instId, sz: String(sz) }), private: false })).data[0];
  }

  /** GET /api/v5/account/config: account level (acctLv) and position mode (posMode). */
  async accountConfig(): Promise<WireAccountConfig | undefined> {
    return (await this.http.call<WireAccountConfig>({ method: 'GET', path: '/api/v5/account/config', private: true })).data[0];
  }

  /** GET /api/v5/account/balance */
  async balance(ccy?: string): Promise<WireBalance | undefined> {
    return (await this.http.call<WireBalance>({ method: 'GET', path: '/api/v5/account/balance', query: q({ ccy }), private: true })).data[0];
  }

  /** POST /api/v5/trade/order */
  async placeOrder(body: Record<string, unknown>): Promise<OkxEnvelope<WireOrderAck>> {
    return this.http.call<WireOrderAck>({ method: 'POST', path: '/api/v5/trade/order', body, private: true, instIds: [String(body.instId)], orderOperation: true });
  }

  /** POST /api/v5/trade/batch-orders (at most 20) */
  async batchOrders(bodies: readonly Record<string, unknown>[]): Promise<OkxEnvelope<WireOrderAck>> {
    return this.http.call<WireOrderAck>({ method: 'POST', path: '/api/v5/trade/batch-orders', body: bodies, private: true, instIds: bodies.map((b) => String(b.instId)), orderOperation: true });
  }

  /** POST /api/v5/trade/cancel-order */
  async cancelOrder(instId: string, ordId: string | undefined, clOrdId: string | undefined): Promise<OkxEnvelope<WireOrderAck>> {
    return this.http.call<WireOrderAck>({ method: 'POST', path: '/api/v5/trade/cancel-order', body: { instId, ...(ordId === undefined ? { clOrdId } : { ordId }) }, private: true, instIds: [instId], orderOperation: true });
  }

  /** POST /api/v5/trade/cancel-batch-orders (at most 20) */
  async cancelBatchOrders(orders: readonly { instId: string; ordId?: string; clOrdId?: string }[]): Promise<OkxEnvelope<WireOrderAck>> {
    return this.http.call<WireOrderAck>({ method: 'POST', path: '/api/v5/trade/cancel-batch-orders', body: orders, private: true, instIds: orders.map((o) => o.instId), orderOperation: true });
  }

  /** POST /api/v5/trade/amend-order */
  async amendOrder(body: { instId: string; ordId?: string; clOrdId?: string; newSz?: string; newPx?: string; reqId?: string }): Promise<OkxEnvelope<WireOrderAck>> {
    return this.http.call<WireOrderAck>({ method: 'POST', path: '/api/v5/trade/amend-order', body, private: true, instIds: [body.instId], orderOperation: true });
  }

  /** POST /api/v5/trade/order-algo: trigger, conditional (TP/SL), oco, move_order_stop. */
  async placeAlgoOrder(body: Record<string, string>): Promise<OkxEnvelope<WireAlgoAck>> {
    return this.http.call<WireAlgoAck>({ method: 'POST', path: '/api/v5/trade/order-algo', body, private: true, orderOperation: true });
  }

  /** POST /api/v5/trade/cancel-algos (at most 10) */
  async cancelAlgos(algos: readonly { instId: string; algoId: string }[]): Promise<OkxEnvelope<WireAlgoAck>> {
    return this.http.call<WireAlgoAck>({ method: 'POST', path: '/api/v5/trade/cancel-algos', body: algos, private: true, orderOperation: true });
  }

  /** GET /api/v5/trade/order-algo: undefined when OKX answers 51603. */
  async algoOrder(algoId: string | undefined, algoClOrdId: string | undefined): Promise<Record<string, string> | undefined> {
    const answer = await this.http.call<Record<string, string>>({ method: 'GET', path: '/api/v5/trade/order-algo', query: q({ algoId, algoClOrdId: algoId === undefined ? algoClOrdId : undefined }), private: true }).catch((error: unknown) => {
      if ((error as { details?: { venueCode?: string } }).details?.venueCode === '51603') return undefined;
      throw error;
    });
    return answer?.data[0];
  }

  /** GET /api/v5/trade/orders-algo-pending */
  async algoPending(ordType: string, instId?: string): Promise<readonly Record<string, string>[]> {
    return (await this.http.call<Record<string, string>>({ method: 'GET', path: '/api/v5/trade/orders-algo-pending', query: q({ ordType, instType: 'SPOT', instId }), private: true })).data;
  }

  /** GET /api/v5/trade/order: undefined when OKX answers 51603 (no such order). */
  async order(instId: string, ordId: string | undefined, clOrdId: string | undefined): Promise<WireOrder | undefined> {
    const answer = await this.http.call<WireOrder>({ method: 'GET', path: '/api/v5/trade/order', query: q({ instId, ordId, clOrdId: ordId === undefined ? clOrdId : undefined }), private: true, instIds: [instId] }).catch((error: unknown) => {
      if ((error as { details?: { venueCode?: string } }).details?.venueCode === '51603') return undefined;
      throw error;
    });
    return answer?.data[0];
  }

  /** GET /api/v5/trade/orders-pending */
  async ordersPending(instId?: string): Promise<readonly WireOrder[]> {
    return (await this.http.call<WireOrder>({ method: 'GET', path: '/api/v5/trade/orders-pending', query: q({ instType: 'SPOT', instId }), private: true })).data;
  }

  /** GET /api/v5/trade/fills (last 3 days), newest first: one page of at most 100. */
  async fills(page: OkxFillsPage = {}): Promise<readonly WireFill[]> {
    return (await this.http.call<WireFill>({ method: 'GET', path: '/api/v5/trade/fills', query: fillsQuery(page), private: true })).data;
  }

  /** GET /api/v5/trade/fills-history (last 3 months), newest first: one page of at most 100. */
  async fillsHistory(page: OkxFillsPage = {}): Promise<readonly WireFill[]> {
    return (await this.http.call<WireFill>({ method: 'GET', path: '/api/v5/trade/fills-history', query: fillsQuery(page), private: true })).data;
  }
}

/** A page of fills: `begin` in ms, `after` a billId (rows older than it), `instId` optional. */
export interface OkxFillsPage {
  readonly begin?: number;
  readonly after?: string;
  readonly instId?: string;
}

/** The most rows OKX returns per fills page. */
export const FILLS_PAGE_LIMIT = 100;

function fillsQuery(page: OkxFillsPage): [string, string][] {
  return q({ instType: 'SPOT', instId: page.instId, begin: page.begin === undefined ? undefined : String(page.begin), after: page.after, limit: String(FILLS_PAGE_LIMIT) });
}

export type { WireOrder, WireOrderAck, WireFill, WireBalance, WireInstrument } from '../parse/wire';
