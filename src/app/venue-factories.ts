import type { AccountId, Clock, SharedRateBudget, VenueClient } from '../core';
import type { Logger } from '../shared/logger';
import type { AccountConfig, TmtConfig } from './config/schema';

export interface VenueFactoryContext {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: TmtConfig;
  /** The resolved store.dataDir: venues that keep state of their own (the paper venue) put it here. */
  readonly dataDir: string;
  /** Resolved credentials of one account by name (`token`, `apiKey`...); never logged. */
  readonly credentials: (accountIndex: number) => Readonly<Record<string, string>>;
  /** With `bus.sharedRateLimits`: request budgets shared with other processes using the same venue key. */
  readonly rateBudget?: SharedRateBudget;
  /** Where adapters report every request they send (GET /api/v1/venue-requests). */
  readonly requestLog?: (entry: {
    venue: string;
    method: string;
    path: string;
    status?: number;
    outcome: string;
    latencyMs: number;
    errorCode?: string;
    startedAt: number;
    queuedMs?: number;
  }) => void;
}

/** Builds the venue clients for all accounts of one venue kind (one client may serve several accounts). */
export type VenueFactory = (
  accounts: readonly {
    readonly index: number;
    readonly account: AccountConfig;
    readonly accountId: AccountId;
  }[],
  context: VenueFactoryContext,
) => Promise<readonly VenueClient[]>;

export type VenueKind = AccountConfig['venue'];
