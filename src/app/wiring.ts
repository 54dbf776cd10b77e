import { readFileSync } from 'node:fs';
import type { AlgoEngine } from '../engine/algos';
import { resolve } from 'node:path';

import { createApiServer, type ApiServer } from '../api/server';
import type { Clock, OrchestratorPort, Store, TokenStore, VenueClient } from '../core';
import { ExecutionEngine } from '../engine/execution-engine';
import { PortfolioService } from '../engine/portfolio';
import { RiskEngine } from '../engine/risk';
import type { Logger } from '../shared/logger';
import { openAuditAnchorFile } from '../store/sqlite/audit-anchor-file';
import { auditHostOf, openSqliteAuditStore } from '../store/sqlite/audit-store';
import { openSqliteTokenStore } from '../store/sqlite/token-store';
import type { controlPlaneFiles } from './audit-files';
import type { LoadedConfig } from './config/load';
import { limitsByScope } from './config/risk-limits';
import type { TmtConfig } from './config/schema';
import { dashboardDirectory } from './dashboard';
import type { VenueRequestLog } from './venue-request-log';

/** The engine with its risk engine (limits from the configuration) and portfolio. */
export function buildEngine(
  config: TmtConfig,
  parts: {
    clock: Clock;
    logger: Logger;
    store: Store;
    venues: readonly VenueClient[];
    retainFinishedOrders?: number;
  },
): ExecutionEngine {
  const { clock } = parts;
  const scoped = limitsByScope(config);
  return new ExecutionEngine({
    clock,
    logger: parts.logger,
    journal: parts.store.journal,
    deadLetters: parts.store.deadLetters,
    // Finished orders leave memory for the store and are served from it (issue 9).
    ...(parts.store.orderHistory === undefined ? {} : { orderHistory: parts.store.orderHistory }),
    ...(parts.retainFinishedOrders === undefined ? {} : { retainFinishedOrders: parts.retainFinishedOrders }),
    venues: parts.venues,
    portfolio: (hooks) =>
      new PortfolioService({ bus: hooks.bus, clock, instrument: (id) => hooks.instrument(id) }),
    risk: (hooks, portfolio) => {
      const risk = new RiskEngine(
        {
          clock,
          portfolio,
          instrument: (id) => hooks.instrument(id),
          openOrders: (accountId) => hooks.openOrders(accountId),
          bus: hooks.bus,
        },
        {
          global: scoped.find((s) => s.scope === 'global')?.limits ?? {},
          accounts: Object.fromEntries(
            scoped.filter((s) => s.scope !== 'global').map((s) => [s.scope, s.limits]),
          ),
        },
      );
      risk.attach(hooks.bus);
      return risk;
    },
  });
}

/** The API server over the engine: token and audit stores, TLS, webhooks (secrets resolved), dashboard. */
export async function buildApi(
  loaded: LoadedConfig,
  parts: {
    engine: ExecutionEngine;
    clock: Clock;
    logger: Logger;
    store: Store;
    files: ReturnType<typeof controlPlaneFiles>;
    requestLog: VenueRequestLog;
    processMetrics: boolean;
    orchestrator?: OrchestratorPort;
    algos?: AlgoEngine;
    /** With store.kind postgres: the tokens in PostgreSQL; else the SQLite file under dataDir. */
    tokenStore?: TokenStore;
  },
): Promise<ApiServer> {
  const { config } = loaded;
  const tls =
    config.api.tls === undefined
      ? undefined
      : {
          cert: readFileSync(resolve(loaded.baseDir, config.api.tls.certFile)),
          key: readFileSync(resolve(loaded.baseDir, config.api.tls.keyFile)),
        };
  const webhooks = config.alerts.webhooks.map((hook, index) => ({
    name: hook.name,
    // Resolved by the loader whether written inline or by reference (kept out of `config` when a secret).
    url: loaded.secrets.get(`alerts.webhooks.${index}.url`) ?? '',
    minSeverity: hook.minSeverity,
    maxAttempts: hook.maxAttempts,
    timeoutMs: hook.timeoutMs,
    format: hook.format,
    ...(hook.chatId === undefined ? {} : { chatId: hook.chatId }),
    headers: Object.fromEntries(
      Object.keys(hook.headers).map((name) => [
        name,
        loaded.secrets.get(`alerts.webhooks.${index}.headers.${name}`) ?? '',
      ]),
    ),
  }));
  const dashboardDir = config.api.dashboard ? dashboardDirectory() : undefined;
  const { store } = parts;
  return createApiServer({
    engine: parts.engine,
    clock: parts.clock,
    logger: parts.logger,
    tokenStore: parts.tokenStore ?? openSqliteTokenStore(parts.files.tokens),
    // On the journal's connection: an order's audit entry commits with its journal records (one write).
    auditStore: openSqliteAuditStore(parts.files.audit, auditHostOf(store.journal)),
    auditAnchor: openAuditAnchorFile(parts.files.auditAnchor),
    rateLimitPerSecond: config.api.rateLimitPerSecond,
    bodyLimitBytes: config.api.bodyLimitBytes,
    eventRetention: config.api.eventRetention,
    eventRetentionMs: config.api.eventHistoryDays * 86_400_000,
    ...(store.eventHistory === undefined ? {} : { eventHistory: store.eventHistory }),
    headersTimeoutMs: config.api.headersTimeoutMs,
    requestTimeoutMs: config.api.requestTimeoutMs,
    webhooks,
    ...(tls === undefined ? {} : { tls }),
    ...(dashboardDir === undefined ? {} : { dashboardDir }),
    processMetrics: parts.processMetrics,
    ...(parts.orchestrator === undefined ? {} : { orchestrator: parts.orchestrator }),
    ...(parts.algos === undefined ? {} : { algos: parts.algos }),
    venueRequests: (filter) => parts.requestLog.list(filter),
    readiness: async () => {
      try {
        return [
          { name: 'store', ok: true, detail: `journal at sequence ${await store.journal.lastSequence()}` },
        ];
      } catch (error) {
        return [{ name: 'store', ok: false, detail: error instanceof Error ? error.message : String(error) }];
      }
    },
  });
}
