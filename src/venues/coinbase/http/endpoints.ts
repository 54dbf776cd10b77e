import type { z } from 'zod';
import {
  accountsPageSchema,
  cancelResponseSchema,
  createOrderResponseSchema,
  editResponseSchema,
  fillsPageSchema,
  orderResponseSchema,
  ordersPageSchema,
  productBookSchema,
  productsSchema,
  transactionSummarySchema,
  type CreateOrderResponse,
  type WireFill,
  type WireOrder,
} from '../parse/wire';
import { TmtError } from '../../../core/errors/tmt-error';
import type { CoinbaseRestClient, Query } from './rest-client';

const BASE = '/api/v3/brokerage';

function parse<S extends z.ZodTypeAny>(schema: S, body: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new TmtError('VENUE_PROTOCOL', `coinbase ${what}: unexpected shape (${result.error.issues[0]?.path.join('.') ?? ''}: ${result.error.issues[0]?.message ?? ''})`);
  return result.data as z.infer<S>;
}

/** The raw Advanced Trade REST API: one method per endpoint, field names as on the wire. */
export class CoinbaseRestApi {
  constructor(readonly http: CoinbaseRestClient) {}

  /** GET /api/v3/brokerage/products */
  async products(): Promise<z.infer<typeof productsSchema>> {
    return parse(productsSchema, await this.http.call('GET', `${BASE}/products`, { query: [['product_type', 'SPOT']] }), 'products');
  }

  /** GET /api/v3/brokerage/product_book */
  async productBook(productId: string, limit: number): Promise<z.infer<typeof productBookSchema>> {
    return parse(productBookSchema, await this.http.call('GET', `${BASE}/product_book`, { query: [['product_id', productId], ['limit', String(limit)]] }), 'product_book');
  }

  /** POST /api/v3/brokerage/orders */
  async createOrder(body: Record<string, unknown>): Promise<CreateOrderResponse> {
    return parse(createOrderResponseSchema, await this.http.call('POST', `${BASE}/orders`, { body }), 'create order');
  }

  /** POST /api/v3/brokerage/orders/batch_cancel */
  async batchCancel(orderIds: readonly string[]): Promise<z.infer<typeof cancelResponseSchema>> {
    return parse(cancelResponseSchema, await this.http.call('POST', `${BASE}/orders/batch_cancel`, { body: { order_ids: orderIds } }), 'batch_cancel');
  }

  /** POST /api/v3/brokerage/orders/edit */
  async editOrder(orderId: string, price: string, size: string): Promise<z.infer<typeof editResponseSchema>> {
    return parse(editResponseSchema, await this.http.call('POST', `${BASE}/orders/edit`, { body: { order_id: orderId, price, size } }), 'edit');
  }

  /** POST /api/v3/brokerage/orders/edit_preview */
  async editPreview(orderId: string, price: string, size: string): Promise<z.infer<typeof editResponseSchema>> {
    return parse(editResponseSchema, await this.http.call('POST', `${BASE}/orders/edit_preview`, { body: { order_id: orderId, price, size } }), 'edit_preview');
  }

  /** GET /api/v3/brokerage/orders/historical/{order_id} */
  async getOrder(orderId: string): Promise<WireOrder> {
    return parse(orderResponseSchema, await this.http.call('GET', `${BASE}/orders/historical/${encodeURIComponent(orderId)}`), 'get order').order;
  }

  /** GET /api/v3/brokerage/orders/historical/batch, every page. */
  async listOrders(filters: Query): Promise<WireOrder[]> {
    const orders: WireOrder[] = [];
    let cursor = '';
    for (;;) {
      const query: Query = [...filters, ['limit', '1000'], ...(cursor === '' ? [] : ([['cursor', cursor]] as const))];
      const page = parse(ordersPageSchema, await this.http.call('GET', `${BASE}/orders/historical/batch`, { query }), 'list orders');
      orders.push(...page.orders);
      if (!page.has_next || page.cursor === undefined || page.cursor === '') return orders;
      cursor = page.cursor;
    }
  }

  /** GET /api/v3/brokerage/orders/historical/fills, every page. */
  async listFills(filters: Query): Promise<WireFill[]> {
    const fills: WireFill[] = [];
    let cursor = '';
    for (;;) {
      const query: Query = [...filters, ['limit', '1000'], ...(cursor === '' ? [] : ([['cursor', cursor]] as const))];
      const page = parse(fillsPageSchema, await this.http.call('GET', `${BASE}/orders/historical/fills`, { query }), 'list fills');
      fills.push(...page.fills);
      if (page.cursor === undefined || page.cursor === '') return fills;
      cursor = page.cursor;
    }
  }

  /** GET /api/v3/brokerage/accounts, every page. */
  async accounts(): Promise<z.infer<typeof accountsPageSchema>['accounts']> {
    const accounts: z.infer<typeof accountsPageSchema>['accounts'] = [];
    let cursor = '';
    for (;;) {
      const query: Query = [['limit', '250'], ...(cursor === '' ? [] : ([['cursor', cursor]] as const))];
      const page = parse(accountsPageSchema, await this.http.call('GET', `${BASE}/accounts`, { query }), 'accounts');
      accounts.push(...page.accounts);
      if (!page.has_next || page.cursor === undefined || page.cursor === '') return accounts;
      cursor = page.cursor;
    }
  }

  /** GET /api/v3/brokerage/transaction_summary */
  async transactionSummary(): Promise<z.infer<typeof transactionSummarySchema>> {
    return parse(transactionSummarySchema, await this.http.call('GET', `${BASE}/transaction_summary`), 'transaction_summary');
  }
}
