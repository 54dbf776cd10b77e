import type { Clock } from '../../core/clock';
import type { AccountId } from '../../core/identifiers';
import type { Logger } from '../../shared/logger';
import type { OkxDataClient } from './data-client';
import type { OkxRestApi } from './http/endpoints';
import type { OkxEnvelope } from './http/rest-client';
import type { WireOrderAck } from './parse/wire';
import type { SymbolMap } from './symbols';

/** How orders are placed: REST POST /api/v5/trade/order, or `op: order` on the private WebSocket. */
export interface OrderTransport {
  placeOrder(body: Record<string, unknown>): Promise<OkxEnvelope<WireOrderAck>>;
}

export interface ExecutionClientDeps {
  readonly accountId: AccountId;
  readonly api: OkxRestApi;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly symbols: SymbolMap;
  readonly data: OkxDataClient;
  /** The currency the account's equity is read in. */
  readonly baseCurrency: string;
  /** Started on connect; absent for a client without a private stream. */
  readonly privateStream?: { start(): Promise<void>; stop(): void };
  readonly orders: OrderTransport;
}
