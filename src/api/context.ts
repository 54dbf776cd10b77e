import type { FastifyInstance } from 'fastify';

import type { Clock } from '../core';
import type { TradingEngine } from '../engine/trading-engine';
import type { Logger } from '../shared/logger';
import type { AuditLog } from './audit/audit-log';
import type { TokenService } from './auth/token-service';
import type { EventLog } from './events/event-log';
import type { AnyRouteSpec } from './http/route';
import type { ApiMetrics } from './metrics/api-metrics';

/** One request to a venue, as the adapters record it (secrets already redacted by the adapter). */
export interface VenueRequestRecord {
  readonly venue: string;
  readonly method: string;
  readonly path: string;
  readonly status: number | 'error';
  readonly latencyMs: number;
  readonly at: number;
  readonly error?: string;
}

export interface ReadinessCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

/** Everything the routes use; built once by createApiServer. */
export interface ApiContext {
  readonly app: FastifyInstance;
  readonly routes: AnyRouteSpec[];
  readonly engine: TradingEngine;
  readonly tokens: TokenService;
  readonly audit: AuditLog;
  readonly events: EventLog;
  readonly metrics: ApiMetrics;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly venueRequests: (filter: { venue?: string; limit: number }) => readonly VenueRequestRecord[];
  /** Extra readiness checks (the store); venues and reconciliation come from the engine. */
  readonly readiness: () => Promise<readonly ReadinessCheck[]>;
}
