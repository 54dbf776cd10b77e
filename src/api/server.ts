import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';

import type { AuditAnchor, AuditStore, Clock, EventHistoryStore, OrchestratorPort, TokenStore } from '../core';
import type { TradingEngine } from '../engine/trading-engine';
import type { Logger } from '../shared/logger';
import { WebhookDispatcher, type WebhookTarget } from './alerts/webhook-dispatcher';
import { AuditLog } from './audit/audit-log';
import { auditEngineActions } from './audit/engine-audit';
import { installAuth } from './auth/auth-hook';
import { TokenRateLimiter } from './auth/rate-limiter';
import { TokenService } from './auth/token-service';
import type { ApiContext, ReadinessCheck, VenueRequestRecord } from './context';
import { DEFAULT_HISTORY_RETENTION_MS, EventLog } from './events/event-log';
import { attachEventStream } from './events/stream';
import { toJson } from './http/amounts';
import { installErrorHandler } from './http/errors';
import { buildOpenApi, DOCS_PAGE } from './http/openapi';
import './http/request-context';
import type { AnyRouteSpec } from './http/route';
import { ApiMetrics } from './metrics/api-metrics';
import { registerAgentRoutes } from './routes/agent-routes';
import { registerAlgoRoutes } from './routes/algo-routes';
import type { AlgoEngine } from '../engine/algos';
import { registerControlRoutes } from './routes/control-routes';
import { CandleHistory } from './market/candle-history';
import { registerMarketRoutes } from './routes/market-routes';
import { registerOrderRoutes } from './routes/order-routes';
import { registerPortfolioRoutes } from './routes/portfolio-routes';
import { registerSignalRoutes } from './routes/signal-routes';
import { registerSystemRoutes } from './routes/system-routes';
import { registerTradeRoutes } from './routes/trade-routes';

export interface ApiServerOptions {
  readonly engine: TradingEngine;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly tokenStore: TokenStore;
  readonly auditStore: AuditStore;
  readonly auditAnchor: AuditAnchor;
  /** Requests per second per token unless the token has its own limit. */
  readonly rateLimitPerSecond: number;
  readonly bodyLimitBytes?: number;
  /** Market-data events kept for resuming (a short buffer: prices are reloaded over REST). */
  readonly eventRetention?: number;
  /** How long order, portfolio, risk and system events stay resumable by cursor (default 7 days). */
  readonly eventRetentionMs?: number;
  /** Where that history is kept so that cursors resume across a restart (the store's); in memory only without. */
  readonly eventHistory?: EventHistoryStore;
  /** A client must finish sending its headers within this (slowloris); default 10 s. */
  readonly headersTimeoutMs?: number;
  /** A client must finish sending its whole request within this; default 30 s. */
  readonly requestTimeoutMs?: number;
  readonly webhooks?: readonly WebhookTarget[];
  /** Signals, agents and the seed 004 routes; absent when no orchestrator is wired. */
  readonly orchestrator?: OrchestratorPort;
  /** TWAP / iceberg parents (issue 16); the algo-order routes exist only when wired. */
  readonly algos?: AlgoEngine;
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** The dashboard's built files, served at /. */
  readonly dashboardDir?: string;
  readonly venueRequests?: ApiContext['venueRequests'];
  readonly readiness?: () => Promise<readonly ReadinessCheck[]>;
  readonly version?: string;
  /** Default process metrics (off in tests and benchmarks: they register global listeners). */
  readonly processMetrics?: boolean;
}

export interface ApiServer {
  readonly app: FastifyInstance;
  readonly tokens: TokenService;
  readonly audit: AuditLog;
  readonly events: EventLog;
  readonly metrics: ApiMetrics;
  listen(host: string, port: number): Promise<string>;
  close(): Promise<void>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const MAX_PARAM_LENGTH = 8_192;

const NO_VENUE_REQUESTS = (): readonly VenueRequestRecord[] => [];

export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { engine, clock, logger } = options;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Node checks the header deadline on a timer of its own; it must tick at least as often as the deadline.
  const headersTimeout = Math.min(options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout);
  const serverTimeouts = {
    headersTimeout,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
  };
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024,
    requestTimeout,
    // Long enough that an over-long id reaches the schema and is refused with a coded 400 naming the field,
    // rather than fastify's bare 414; the whole request line stays under Node's header size limit anyway.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ...(options.tls === undefined
      ? { http: serverTimeouts }
      : { https: { key: options.tls.key, cert: options.tls.cert, ...serverTimeouts } }),
  }) as unknown as FastifyInstance;
  // One serializer for every answer: amounts exact but without trailing zeros past their precision.
  app.setReplySerializer((payload) => toJson(payload));
  // Fastify parses text/plain bodies by default; the API takes JSON only, and the docs promise 415 otherwise.
  app.removeContentTypeParser('text/plain');
  const tokens = new TokenService(options.tokenStore, clock);
  const audit = new AuditLog(options.auditStore, options.auditAnchor, clock);
  const events = new EventLog(engine.bus, {
    marketDataRetention: options.eventRetention ?? 50_000,
    historyRetentionMs: options.eventRetentionMs ?? DEFAULT_HISTORY_RETENTION_MS,
    clock,
    logger,
    ...(options.eventHistory === undefined ? {} : { store: options.eventHistory }),
  });
  // Cursors resume across a restart: the stored history is read back before the first new event is numbered.
  await events.restore();
  const candles = new CandleHistory(engine.bus, { keep: 1000, clock });
  const metrics = new ApiMetrics(engine.bus, engine, clock, {
    defaultMetrics: options.processMetrics ?? false,
  });
  const webhooks = new WebhookDispatcher(engine.bus, options.webhooks ?? [], clock, logger);
  const stopEngineAudit = auditEngineActions(engine.bus, audit);
  const routes: AnyRouteSpec[] = [];
  const ctx: ApiContext = {
    app,
    routes,
    engine,
    tokens,
    audit,
    events,
    metrics,
    clock,
    logger,
    venueRequests: options.venueRequests ?? NO_VENUE_REQUESTS,
    readiness: options.readiness ?? (async () => []),
  };

  installErrorHandler(app, logger);
  installAuth(app, tokens, new TokenRateLimiter(clock, options.rateLimitPerSecond));
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ code: 'API_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
  app.addHook('onResponse', async (request, reply) => {
    // The path only: a query string may carry the stream token.
    const entry = {
      method: request.method,
      url: request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 1000) / 1000,
      actor: request.actor?.id,
    };
    // A readiness probe answering 503 is the service saying "not yet", not a failed request.
    const notReady = reply.statusCode === 503 && entry.url === '/health/ready';
    if (reply.statusCode >= 500 && !notReady) logger.warn(entry, 'request failed');
    else logger.debug(entry, 'request');
  });

  registerOrderRoutes(ctx);
  registerPortfolioRoutes(ctx);
  registerControlRoutes(ctx);
  registerSystemRoutes(ctx);
  registerTradeRoutes(ctx);
  registerMarketRoutes(ctx, candles);
  if (options.algos !== undefined) registerAlgoRoutes(ctx, options.algos, () => clock.now());
  if (options.orchestrator !== undefined) {
    registerSignalRoutes(ctx, options.orchestrator);
    registerAgentRoutes(ctx, options.orchestrator);
  }

  const openApi = buildOpenApi(routes, options.version ?? '0.1.0');
  app.get('/openapi.json', async () => openApi);
  app.get('/docs', async (_request, reply) => reply.type('text/html').send(DOCS_PAGE));
  if (options.dashboardDir !== undefined) {
    await app.register(fastifyStatic, { root: options.dashboardDir, prefix: '/', wildcard: false });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><title>TMT</title><p>TMT is running. The dashboard is not built; see <a href="/docs">/docs</a>.</p>',
        ),
    );
  }

  const closeStream = attachEventStream(app, events, tokens);
  await app.ready();

  return {
    app,
    tokens,
    audit,
    events,
    metrics,
    async listen(host, port) {
      await app.listen({ host, port });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address !== null ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      return `${options.tls === undefined ? 'http' : 'https'}://${shownHost}:${actualPort}`;
    },
    async close() {
      await closeStream();
      await app.close();
      await webhooks.close();
      stopEngineAudit();
      await events.flush();
      events.close();
      candles.close();
      metrics.close();
      options.auditStore.close();
      options.auditAnchor.close();
      options.tokenStore.close();
    },
  };
}
