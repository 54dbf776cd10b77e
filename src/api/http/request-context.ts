import type { AuthenticatedToken } from '../auth/token-service';

declare module 'fastify' {
  interface FastifyRequest {
    /** The token that authenticated the request, when the route needs one. */
    actor?: AuthenticatedToken;
  }
}

export {};
