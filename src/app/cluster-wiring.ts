import { TmtError, type Clock } from '../core';
import type { TradingEngine } from '../engine/trading-engine';
import type { Logger } from '../shared/logger';
import { AccountLeaseKeeper } from './account-lease-keeper';
import type { LoadedConfig } from './config/load';

/**
 * With `cluster.accountLeases.enabled`: the keeper that makes this process the single writer of its
 * accounts (PostgreSQL leases). Started after the engine, so the accounts it disables stay disabled.
 */
export async function startAccountLeases(
  loaded: LoadedConfig,
  parts: { engine: Pick<TradingEngine, 'setAccountEnabled'>; clock: Clock; logger: Logger },
): Promise<AccountLeaseKeeper | undefined> {
  const { cluster, store, bus, accounts } = loaded.config;
  if (!cluster.accountLeases.enabled) return undefined;
  const url = loaded.secrets.get('store.url');
  if (store.kind !== 'postgres' || url === undefined)
    throw new TmtError(
      'CONFIG_INVALID',
      'cluster.accountLeases needs store kind postgres (the leases live there)',
      {
        field: 'cluster.accountLeases.enabled',
      },
    );
  const { PostgresAccountLeases } = await import('../store/postgres/account-leases');
  const leases = await PostgresAccountLeases.open(url, cluster.accountLeases.schema);
  const keeper = new AccountLeaseKeeper({
    leases,
    engine: parts.engine,
    accounts: accounts.filter((account) => account.enabled).map((account) => account.id),
    owner: bus.engineId,
    ttlMs: cluster.accountLeases.ttlMs,
    clock: parts.clock,
    logger: parts.logger.child({ component: 'leases' }),
  });
  await keeper.start();
  const stop = keeper.stop.bind(keeper);
  keeper.stop = async () => {
    await stop();
    await leases.close();
  };
  return keeper;
}
