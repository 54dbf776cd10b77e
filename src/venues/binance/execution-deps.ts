import type { Clock } from '../../core/clock';
import type { AccountId } from '../../core/identifiers';
import type { Logger } from '../../shared/logger';
import type { BinanceDataClient } from './data-client';
import type { BinanceRestApi } from './http/endpoints';
import type { BinanceRateLimiter } from './http/rate-limiter';
import type { BinanceProfile } from './profiles';
import type { SymbolMap } from './symbols';
import type { OrderTransport } from './ws/ws-orders';

export interface ExecutionClientDeps {
  readonly accountId: AccountId;
  readonly profile: BinanceProfile;
  readonly api: BinanceRestApi;
  readonly limiter: BinanceRateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly symbols: SymbolMap;
  readonly data: BinanceDataClient;
  readonly selfTradePreventionMode?: string;
  /** How long a GET /api/v3/avgPrice answer serves the percent-price check (default 5 s). */
  readonly averagePriceTtlMs?: number;
  /** The quote asset the account's equity is read in. */
  readonly baseCurrency?: string;
  /** Started on connect; absent for a client without a user stream (market data only). */
  readonly userStream?: { start(): Promise<void>; stop(): void };
  /** REST by default; the WebSocket API when configured. */
  readonly orders?: OrderTransport;
}
