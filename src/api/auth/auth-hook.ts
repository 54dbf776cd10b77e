import type { FastifyInstance } from 'fastify';

import { TmtError, type ApiScope } from '../../core';
import { errorBody, statusFor } from '../http/errors';
import { ROUTE_CONFIG_SCOPE } from '../http/route';
import type { TokenRateLimiter } from './rate-limiter';
import { scopeAllows, type TokenService } from './token-service';

/** Bearer header, or `?token=` for the WebSocket stream (browsers cannot set headers on a WebSocket). */
export function presentedToken(authorization: string | undefined, queryToken: unknown): string | undefined {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1];
  }
  return typeof queryToken === 'string' ? queryToken : undefined;
}

/**
 * Checks the token and its scope before the body is even parsed (onRequest), so an unauthenticated caller
 * cannot make the service parse a large body, and counts the request against the token's rate limit.
 */
export function installAuth(app: FastifyInstance, tokens: TokenService, limiter: TokenRateLimiter): void {
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
    const needed = config?.[ROUTE_CONFIG_SCOPE] as ApiScope | undefined;
    if (needed === undefined) return;
    const fail = (error: TmtError) => reply.status(statusFor(error.code)).send(errorBody(error));
    // A query-string token ends up in proxy logs and browser history: REST routes take the header only;
    // `?token=` is for the WebSocket upgrade, where a browser cannot set headers (see events/stream.ts).
    const presented = presentedToken(request.headers.authorization, undefined);
    if (presented === undefined) {
      const viaQuery = (request.query as Record<string, unknown> | undefined)?.token !== undefined;
      return fail(
        new TmtError(
          'API_UNAUTHENTICATED',
          viaQuery
            ? '?token= is accepted only on the stream upgrade; send Authorization: Bearer <token>'
            : 'send Authorization: Bearer <token>',
        ),
      );
    }
    const token = tokens.authenticate(presented);
    if (token === undefined)
      return fail(new TmtError('API_UNAUTHENTICATED', 'the token is not valid or has been revoked'));
    if (!limiter.take(token.id, token.rateLimitPerSecond)) {
      void reply.header('retry-after', '1');
      return fail(new TmtError('API_RATE_LIMITED', `token ${token.id} is over its request rate limit`));
    }
    if (!scopeAllows(token.scope, needed)) {
      return fail(
        new TmtError('API_FORBIDDEN', `this action needs scope ${needed}; the token has ${token.scope}`, {
          details: { needed, granted: token.scope },
        }),
      );
    }
    request.actor = token;
    return undefined;
  });
}
