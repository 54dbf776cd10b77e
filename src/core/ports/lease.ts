/** The right to write for one account, held by one process; `token` grows at every change of holder. */
export interface AccountLease {
  readonly accountId: string;
  readonly owner: string;
  /** The fencing token: a write carrying an older one than the account's current lease is refused. */
  readonly token: number;
  /** Epoch ms on the lease store's clock (one clock for every process). */
  readonly expiresAt: number;
}

/**
 * One writer per account across processes (PostgreSQL). acquire takes a free or expired lease (or renews
 * one's own); a lease held by another, unexpired, is refused with STORE_LEASE_HELD.
 */
export interface AccountLeaseStore {
  acquire(accountId: string, owner: string, ttlMs: number): Promise<AccountLease>;
  /** Extends a lease still held with this token; STORE_LEASE_STALE when another process took it over. */
  renew(lease: AccountLease, ttlMs: number): Promise<AccountLease>;
  release(lease: AccountLease): Promise<void>;
  /** STORE_LEASE_STALE unless `token` is the account's current fencing token. */
  assertCurrent(accountId: string, token: number): Promise<void>;
  close(): Promise<void>;
}
