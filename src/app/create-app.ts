import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import type { ApiServer } from '../api/server';
import { AccountId, type Clock, type VenueClient } from '../core';
import type { ExecutionEngine } from '../engine/execution-engine';
import type { Logger } from '../shared/logger';
import { SystemClock } from '../shared/system-clock';
import { openSqliteStore, type SqliteStore } from '../store';
import { controlPlaneFiles } from './audit-files';
import type { LoadedConfig } from './config/load';
import { createAppLogger } from './logging';
import { DEFAULT_VENUE_FACTORIES } from './venues';
import type { VenueFactory, VenueFactoryContext, VenueKind } from './venue-factories';
import { VenueRequestLog } from './venue-request-log';
import { buildApi, buildEngine } from './wiring';

export interface AppOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Replace or add venue factories (tests, venues wired by their own modules). */
  readonly venueFactories?: Partial<Record<VenueKind, VenueFactory>>;
  /** Progress of the journal's integrity walk at open (records walked), for a progress bar on long journals. */
  readonly onJournalProgress?: (walked: number) => void;
  /** Default true; tests turn process metrics off (they register process-wide listeners). */
  readonly processMetrics?: boolean;
}

export interface App {
  readonly engine: ExecutionEngine;
  readonly api: ApiServer;
  readonly store: SqliteStore;
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
  const store = await openSqliteStore({
    path: files.journal,
    durability: config.store.durability,
    clock,
    logger,
    ...(options.onJournalProgress === undefined ? {} : { onVerifyProgress: options.onJournalProgress }),
  });
  let venues: VenueClient[];
  try {
    venues = await buildVenues(
      loaded,
      { clock, logger, dataDir, requestLog: requestLog.sink },
      options.venueFactories,
    );
  } catch (error) {
    await store.close();
    throw error;
  }
  let engine: ExecutionEngine;
  let api: ApiServer;
  try {
    engine = buildEngine(config, { clock, logger, store, venues });
    api = await buildApi(loaded, {
      engine,
      clock,
      logger,
      store,
      files,
      requestLog,
      processMetrics: options.processMetrics ?? true,
    });
  } catch (error) {
    for (const venue of venues) await (venue as { close?: () => Promise<void> }).close?.();
    await store.close();
    throw error;
  }

  requestLog.onRateLimited = (venue) => api.metrics.recordRateLimitWait(venue);
  let started = false;
  return {
    engine,
    api,
    store,
    loaded,
    dataDir,
    logger,
    async listen() {
      await engine.start();
      started = true;
      for (const account of config.accounts) {
        if (!account.enabled) engine.setAccountEnabled(AccountId.parse(account.id), false, 'config');
      }
      engine.setIntake(true, 'system');
      return api.listen(config.api.host, config.api.port);
    },
    async close() {
      await api.close();
      if (started) await engine.stop();
      // Venues with state of their own (the paper venue's store) release it after the engine let go of them.
      for (const venue of venues) await (venue as { close?: () => Promise<void> }).close?.();
      await store.close();
    },
  };
}

async function buildVenues(
  loaded: LoadedConfig,
  shared: Pick<VenueFactoryContext, 'clock' | 'logger' | 'dataDir' | 'requestLog'>,
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
