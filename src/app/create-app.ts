import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import type { ApiServer } from '../api/server';
import { AccountId, TmtError, type Clock, type Store, type TokenStore, type VenueClient } from '../core';
import type { ExecutionEngine } from '../engine/execution-engine';
import type { Logger } from '../shared/logger';
import { SystemClock } from '../shared/system-clock';
import { openSqliteStore } from '../store';
import { controlPlaneFiles } from './audit-files';
import type { AccountLeaseKeeper } from './account-lease-keeper';
import { connectBus, type BusParts } from './bus-wiring';
import { startAccountLeases } from './cluster-wiring';
import type { LoadedConfig } from './config/load';
import { createAppLogger } from './logging';
import { DEFAULT_VENUE_FACTORIES } from './venues';
import type { VenueFactory, VenueFactoryContext, VenueKind } from './venue-factories';
import { VenueRequestLog } from './venue-request-log';
import { buildOrchestrator, type OrchestratorParts } from './orchestrator-wiring';
import { buildApi, buildEngine } from './wiring';
import { AlgoEngine } from '../engine/algos';

export interface AppOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Replace or add venue factories (tests, venues wired by their own modules). */
  readonly venueFactories?: Partial<Record<VenueKind, VenueFactory>>;
  /** Progress of the journal's integrity walk at open (records walked), for a progress bar on long journals. */
  readonly onJournalProgress?: (walked: number) => void;
  /** Default true; tests turn process metrics off (they register process-wide listeners). */
  readonly processMetrics?: boolean;
  /** Finished orders the engine keeps in memory besides the open ones (default 1,000; tests set fewer). */
  readonly retainFinishedOrders?: number;
}

export interface App {
  readonly engine: ExecutionEngine;
  readonly api: ApiServer;
  /** SQLite by default; PostgreSQL with `store: {kind: postgres, url: {env: NAME}}`. */
  readonly store: Store;
  /** Signals, the pipeline and agents; absent with `orchestrator: {enabled: false}`. */
  readonly orchestrator: OrchestratorParts | undefined;
  /** The broker of `bus: {kind: redis | nats}`: events out, signals in; absent for in-process. */
  readonly bus: BusParts | undefined;
  readonly loaded: LoadedConfig;
  readonly dataDir: string;
  readonly logger: Logger;
  /** Starts the engine and binds the API; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** The composition root: config in, a wired engine + store + venues + API out. Nothing listens until listen(). */
export async function createApp(loaded: LoadedConfig, options: AppOptions = {}): Promise<App> {
  const { config } = loaded;
  const clock = options.clock ?? new SystemClock();
  const logger = options.logger ?? createAppLogger(config.logging, loaded.baseDir);
  const dataDir = resolve(loaded.baseDir, config.store.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const files = controlPlaneFiles(dataDir);

  const requestLog = new VenueRequestLog();
  const store = await openStore(loaded, files.journal, { clock, logger, ...options });
  let venues: VenueClient[];
  let bus: BusParts | undefined;
  let tokenStore: TokenStore | undefined;
  try {
    bus = await connectBus(loaded, { clock, logger });
    tokenStore = await openPostgresTokens(loaded, logger);
    venues = await buildVenues(
      loaded,
      {
        clock,
        logger,
        dataDir,
        requestLog: requestLog.sink,
        ...(bus?.rateBudget === undefined ? {} : { rateBudget: bus.rateBudget }),
      },
      options.venueFactories,
    );
  } catch (error) {
    tokenStore?.close();
    await bus?.close();
    await store.close();
    throw error;
  }
  let engine: ExecutionEngine;
  let api: ApiServer;
  let orchestrator: OrchestratorParts | undefined;
  let algos: AlgoEngine | undefined;
  try {
    engine = buildEngine(config, {
      clock,
      logger,
      store,
      venues,
      ...(options.retainFinishedOrders === undefined
        ? {}
        : { retainFinishedOrders: options.retainFinishedOrders }),
    });
    orchestrator = buildOrchestrator(loaded, { engine, clock, logger, dataDir });
    algos = new AlgoEngine({ engine, clock, journal: store.journal, logger });
    bus?.attach({ engine, store, orchestrator: orchestrator?.orchestrator });
    api = await buildApi(loaded, {
      engine,
      clock,
      logger,
      store,
      files,
      requestLog,
      processMetrics: options.processMetrics ?? true,
      ...(tokenStore === undefined ? {} : { tokenStore }),
      ...(orchestrator === undefined ? {} : { orchestrator: orchestrator.orchestrator }),
      ...(algos === undefined ? {} : { algos }),
    });
  } catch (error) {
    for (const venue of venues) await (venue as { close?: () => Promise<void> }).close?.();
    tokenStore?.close();
    await bus?.close();
    await store.close();
    throw error;
  }

  requestLog.onRateLimited = (venue) => api.metrics.recordRateLimitWait(venue);
  requestLog.onQueued = (venue, queuedMs) => api.metrics.recordRateLimitQueued(venue, queuedMs);
  let started = false;
  let leases: AccountLeaseKeeper | undefined;
  return {
    engine,
    api,
    store,
    orchestrator,
    bus,
    loaded,
    dataDir,
    logger,
    async listen() {
      await engine.start();
      started = true;
      // After the engine's recovery: the publisher resumes from its cursor in the journal.
      await bus?.start();
      for (const account of config.accounts) {
        if (!account.enabled) engine.setAccountEnabled(AccountId.parse(account.id), false, 'config');
      }
      // One writer per account: accounts leased by another process are disabled here until taken over.
      leases = await startAccountLeases(loaded, { engine, clock, logger });
      engine.setIntake(true, 'system');
      // Algo parents resume from the journal once the engine has recovered and takes intents (issue 16).
      await algos?.start();
      const url = await api.listen(config.api.host, config.api.port);
      orchestrator?.start(url);
      return url;
    },
    async close() {
      await orchestrator?.close();
      await algos?.stop();
      await api.close();
      if (started) await engine.stop();
      // After the engine's last writes: the next holder may take the accounts over from here.
      await leases?.stop();
      // Venues with state of their own (the paper venue's store) release it after the engine let go of them.
      for (const venue of venues) await (venue as { close?: () => Promise<void> }).close?.();
      await bus?.close();
      await store.close();
    },
  };
}

/** The journal store the configuration names; PostgreSQL's driver loads only when it is chosen. */
async function openStore(
  loaded: LoadedConfig,
  sqlitePath: string,
  parts: { clock: Clock; logger: Logger; onJournalProgress?: (walked: number) => void },
): Promise<Store> {
  const { store: config } = loaded.config;
  const progress = parts.onJournalProgress === undefined ? {} : { onVerifyProgress: parts.onJournalProgress };
  const common = { durability: config.durability, clock: parts.clock, logger: parts.logger, ...progress };
  switch (config.kind) {
    case 'sqlite':
      return openSqliteStore({ path: sqlitePath, ...common });
    case 'postgres': {
      const connectionString = loaded.secrets.get('store.url');
      // The loader refuses a postgres store without a resolvable url; this guards a hand-built LoadedConfig.
      if (connectionString === undefined)
        throw new TmtError('CONFIG_SECRET_MISSING', 'store kind postgres needs store.url', {
          field: 'store.url',
        });
      const { openPostgresStore } = await import('../store/postgres');
      return openPostgresStore({
        connectionString,
        ...(config.schema === undefined ? {} : { schema: config.schema }),
        ...common,
      });
    }
  }
}

async function buildVenues(
  loaded: LoadedConfig,
  shared: Pick<VenueFactoryContext, 'clock' | 'logger' | 'dataDir' | 'requestLog' | 'rateBudget'>,
  overrides: AppOptions['venueFactories'],
): Promise<VenueClient[]> {
  const factories = { ...DEFAULT_VENUE_FACTORIES, ...overrides };
  const byKind = new Map<
    VenueKind,
    { index: number; account: LoadedConfig['config']['accounts'][number]; accountId: AccountId }[]
  >();
  loaded.config.accounts.forEach((account, index) => {
    const list = byKind.get(account.venue) ?? [];
    list.push({ index, account, accountId: AccountId.parse(account.id) });
    byKind.set(account.venue, list);
  });
  const credentials = (index: number) => {
    const prefix = `accounts.${index}.credentials.`;
    return Object.fromEntries(
      [...loaded.secrets]
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key.slice(prefix.length), value]),
    );
  };
  const clients: VenueClient[] = [];
  for (const [kind, accounts] of byKind) {
    const factory = factories[kind];
    if (factory === undefined)
      throw new Error(`no venue factory for ${kind}: this build cannot trade on it yet`);
    clients.push(...(await factory(accounts, { ...shared, config: loaded.config, credentials })));
  }
  return clients;
}

/** With store.kind postgres the API tokens live in the same database (the store's schema), shared by processes. */
async function openPostgresTokens(loaded: LoadedConfig, logger: Logger): Promise<TokenStore | undefined> {
  const { store } = loaded.config;
  const connectionString = loaded.secrets.get('store.url');
  if (store.kind !== 'postgres' || connectionString === undefined) return undefined;
  const { PostgresTokenStore } = await import('../store/postgres/token-store');
  return PostgresTokenStore.open({ connectionString, schema: store.schema ?? 'tmt', logger });
}
