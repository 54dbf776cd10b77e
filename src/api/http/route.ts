import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod/v4';

import type { ApiScope } from '../../core';
import { validate } from '../schemas/validate';

/** What the OpenAPI document and the auth hook know about a route. */
export interface RouteSpec<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  /** Undefined: no token needed. */
  readonly scope: ApiScope | undefined;
  readonly summary: string;
  readonly tag: string;
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /** The audit actor: `token:<id>`. */
  readonly actor: string;
}

// Kept loose on purpose: the registry only feeds the OpenAPI document.
export type AnyRouteSpec = RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;

export const ROUTE_CONFIG_SCOPE = 'scope';

const NO_BODY = z.strictObject({});

/**
 * Registers a route whose input is validated with zod (body, query, params; unknown fields refused) before
 * the handler runs, so that a handler never sees input that failed validation and nothing changes on a 4xx.
 */
export function defineRoute<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
>(
  app: FastifyInstance,
  registry: AnyRouteSpec[],
  spec: RouteSpec<B, Q, P>,
  handler: (input: RouteInput<Parsed<B>, Parsed<Q>, Parsed<P>>) => Promise<unknown>,
): void {
  registry.push(spec);
  app.route({
    method: spec.method,
    url: spec.url,
    config: { [ROUTE_CONFIG_SCOPE]: spec.scope },
    handler: async (request, reply) => {
      // A route that takes no body still refuses one with fields: nothing unknown is ever silently ignored.
      if (spec.body === undefined && request.body !== undefined && request.body !== null) {
        validate(NO_BODY, request.body, 'body');
      }
      const body = (
        spec.body === undefined ? undefined : validate(spec.body, request.body ?? {}, 'body')
      ) as Parsed<B>;
      const query = (
        spec.query === undefined ? undefined : validate(spec.query, request.query ?? {}, 'query')
      ) as Parsed<Q>;
      const params = (
        spec.params === undefined ? undefined : validate(spec.params, request.params ?? {}, 'params')
      ) as Parsed<P>;
      const actor = request.actor === undefined ? 'anonymous' : `token:${request.actor.id}`;
      return handler({ body, query, params, request, reply, actor });
    },
  });
}
