import type { Clock } from '../../core/clock';
import type { AccountId } from '../../core/identifiers';
import type { Logger } from '../../shared/logger';
import type { CoinbaseDataClient } from './data-client';
import type { CoinbaseRestApi } from './http/endpoints';
import type { ProductMap } from './symbols';

export interface ExecutionClientDeps {
  readonly accountId: AccountId;
  readonly api: CoinbaseRestApi;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly products: ProductMap;
  readonly data: CoinbaseDataClient;
  /** The quote currency the account's equity is read in. */
  readonly baseCurrency: string;
  /** Started on connect; absent for a client without a user stream. */
  readonly userStream?: { start(): Promise<void>; stop(): void };
}
