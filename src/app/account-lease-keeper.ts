import {
  AccountId,
  isTmtError,
  type AccountLease,
  type AccountLeaseStore,
  type CancelTimer,
  type Clock,
} from '../core';
import type { TradingEngine } from '../engine/trading-engine';
import type { Logger } from '../shared/logger';

export interface LeaseKeeperOptions {
  readonly leases: AccountLeaseStore;
  readonly engine: Pick<TradingEngine, 'setAccountEnabled'>;
  /** The accounts this process is configured (and enabled) to trade. */
  readonly accounts: readonly string[];
  /** This process's name as a lease holder (bus.engineId). */
  readonly owner: string;
  readonly ttlMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * One writer per account: this process trades an account only while it holds the account's lease. An
 * account leased by another process is disabled here (the engine refuses its orders) and taken over once
 * that lease expires; a lease lost meanwhile (renewal finds a newer token) disables the account at once.
 * Renewal runs at a third of the TTL, so two missed renewals still leave the lease held.
 */
export class AccountLeaseKeeper {
  private readonly held = new Map<string, AccountLease>();
  private timer: CancelTimer | undefined;
  private running = false;
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeaseKeeperOptions) {}

  async start(): Promise<void> {
    this.running = true;
    await this.tick();
  }

  /** The fencing token of a lease held now (for fenced writes), or undefined. */
  token(accountId: string): number | undefined {
    return this.held.get(accountId)?.token;
  }

  holds(accountId: string): boolean {
    return this.held.has(accountId);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.();
    await this.ticking;
    for (const lease of this.held.values()) await this.options.leases.release(lease).catch(() => undefined);
    this.held.clear();
  }

  private tick(): Promise<void> {
    this.ticking = this.ticking.then(async () => {
      for (const accountId of this.options.accounts) await this.keep(accountId);
      if (this.running)
        this.timer = this.options.clock.setTimeout(
          Math.max(50, Math.floor(this.options.ttlMs / 3)),
          () => void this.tick(),
        );
    });
    return this.ticking;
  }

  private async keep(accountId: string): Promise<void> {
    const { leases, engine, owner, ttlMs, logger } = this.options;
    const lease = this.held.get(accountId);
    try {
      if (lease !== undefined) {
        this.held.set(accountId, await leases.renew(lease, ttlMs));
        return;
      }
      const taken = await leases.acquire(accountId, owner, ttlMs);
      this.held.set(accountId, taken);
      engine.setAccountEnabled(AccountId.parse(accountId), true, `lease:${owner}`);
      logger.info({ accountId, token: taken.token }, 'account lease acquired: trading it');
    } catch (error) {
      if (lease !== undefined && isTmtError(error, 'STORE_LEASE_STALE')) {
        this.held.delete(accountId);
        engine.setAccountEnabled(AccountId.parse(accountId), false, `lease-lost:${owner}`);
        logger.error(
          { accountId, err: error.toJSON() },
          'account lease lost to another process: trading stopped',
        );
      } else if (lease === undefined && isTmtError(error, 'STORE_LEASE_HELD')) {
        engine.setAccountEnabled(AccountId.parse(accountId), false, `lease-held-elsewhere:${owner}`);
        logger.warn(
          { accountId, holder: error.details.holder },
          'account leased by another process: not trading it',
        );
      } else {
        // The database is unreachable: keep the lease we have until it expires; the next tick retries.
        logger.warn({ accountId, err: error }, 'account lease check failed');
      }
    }
  }
}
