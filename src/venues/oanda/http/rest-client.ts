import type { OandaResponse, OandaTransport } from './transport';

const enc = encodeURIComponent;

/**
 * The raw v20 REST client: one method per endpoint, named after it, bodies and answers as on the wire.
 * Interpretation (what a 201 with an orderCancelTransaction means) belongs to the execution client.
 */
export class OandaRestClient {
  constructor(private readonly transport: OandaTransport) {}

  close(): Promise<void> {
    return this.transport.close();
  }

  /** GET /v3/accounts */
  listAccounts(): Promise<OandaResponse> {
    return this.transport.read('/accounts');
  }
  /** GET /v3/accounts/{accountID} */
  getAccount(accountId: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}`);
  }
  /** GET /v3/accounts/{accountID}/summary */
  getAccountSummary(accountId: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/summary`);
  }
  /** GET /v3/accounts/{accountID}/instruments */
  getAccountInstruments(accountId: string, instruments: readonly string[] = []): Promise<OandaResponse> {
    const query = instruments.length === 0 ? '' : `?instruments=${enc(instruments.join(','))}`;
    return this.transport.read(`/accounts/${enc(accountId)}/instruments${query}`);
  }
  /** GET /v3/accounts/{accountID}/changes */
  getAccountChanges(accountId: string, sinceTransactionId: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/changes?sinceTransactionID=${enc(sinceTransactionId)}`);
  }

  /** POST /v3/accounts/{accountID}/orders */
  createOrder(accountId: string, order: unknown): Promise<OandaResponse> {
    return this.transport.write('POST', `/accounts/${enc(accountId)}/orders`, { order });
  }
  /** GET /v3/accounts/{accountID}/orders */
  listOrders(accountId: string, query: { state?: string; instrument?: string; count?: number } = {}): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/orders${queryString(query)}`);
  }
  /** GET /v3/accounts/{accountID}/pendingOrders */
  listPendingOrders(accountId: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/pendingOrders`);
  }
  /** GET /v3/accounts/{accountID}/orders/{orderSpecifier} (an id, or `@` and the client id) */
  getOrder(accountId: string, orderSpecifier: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/orders/${enc(orderSpecifier)}`);
  }
  /** PUT /v3/accounts/{accountID}/orders/{orderSpecifier} */
  replaceOrder(accountId: string, orderSpecifier: string, order: unknown): Promise<OandaResponse> {
    return this.transport.write('PUT', `/accounts/${enc(accountId)}/orders/${enc(orderSpecifier)}`, { order });
  }
  /** PUT /v3/accounts/{accountID}/orders/{orderSpecifier}/cancel */
  cancelOrder(accountId: string, orderSpecifier: string): Promise<OandaResponse> {
    return this.transport.write('PUT', `/accounts/${enc(accountId)}/orders/${enc(orderSpecifier)}/cancel`, undefined);
  }

  /** GET /v3/accounts/{accountID}/trades */
  listTrades(accountId: string, query: { state?: string; instrument?: string; count?: number } = {}): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/trades${queryString(query)}`);
  }
  /** GET /v3/accounts/{accountID}/openTrades */
  listOpenTrades(accountId: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/openTrades`);
  }
  /** GET /v3/accounts/{accountID}/trades/{tradeSpecifier} */
  getTrade(accountId: string, tradeSpecifier: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/trades/${enc(tradeSpecifier)}`);
  }
  /** PUT /v3/accounts/{accountID}/trades/{tradeSpecifier}/close (units: a decimal string or ALL) */
  closeTrade(accountId: string, tradeSpecifier: string, units = 'ALL'): Promise<OandaResponse> {
    return this.transport.write('PUT', `/accounts/${enc(accountId)}/trades/${enc(tradeSpecifier)}/close`, { units });
  }
  /** PUT /v3/accounts/{accountID}/trades/{tradeSpecifier}/orders */
  setTradeOrders(accountId: string, tradeSpecifier: string, orders: unknown): Promise<OandaResponse> {
    return this.transport.write('PUT', `/accounts/${enc(accountId)}/trades/${enc(tradeSpecifier)}/orders`, orders);
  }

  /** GET /v3/accounts/{accountID}/positions */
  listPositions(accountId: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/positions`);
  }
  /** GET /v3/accounts/{accountID}/openPositions */
  listOpenPositions(accountId: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/openPositions`);
  }
  /** GET /v3/accounts/{accountID}/positions/{instrument} */
  getPosition(accountId: string, instrument: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/positions/${enc(instrument)}`);
  }
  /** PUT /v3/accounts/{accountID}/positions/{instrument}/close */
  closePosition(accountId: string, instrument: string, body: { longUnits?: string; shortUnits?: string }): Promise<OandaResponse> {
    return this.transport.write('PUT', `/accounts/${enc(accountId)}/positions/${enc(instrument)}/close`, body);
  }

  /** GET /v3/accounts/{accountID}/transactions (pages of idrange URLs; query built by the caller: from, to, type, pageSize) */
  listTransactions(accountId: string, query: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/transactions${query}`);
  }
  /** GET /v3/accounts/{accountID}/transactions/{transactionID} */
  getTransaction(accountId: string, transactionId: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/transactions/${enc(transactionId)}`);
  }
  /** GET /v3/accounts/{accountID}/transactions/sinceid */
  getTransactionsSinceId(accountId: string, id: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/transactions/sinceid?id=${enc(id)}`);
  }
  /** GET /v3/accounts/{accountID}/transactions/idrange */
  getTransactionsIdRange(accountId: string, from: string, to: string): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/transactions/idrange?from=${enc(from)}&to=${enc(to)}`);
  }
  /** GET /v3/accounts/{accountID}/pricing */
  getPricing(accountId: string, instruments: readonly string[]): Promise<OandaResponse> {
    return this.transport.read(`/accounts/${enc(accountId)}/pricing?instruments=${enc(instruments.join(','))}&includeHomeConversions=true`);
  }
}

function queryString(query: Readonly<Record<string, string | number | undefined>>): string {
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${enc(key)}=${enc(String(value))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
