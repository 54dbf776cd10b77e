import { z } from 'zod/v4';

// The same shape as schema.ts's secretRefSchema, restated so that schema.ts can import this file without a cycle.
const secretRefSchema = z.union([
  z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name') }),
  z.strictObject({ file: z.string().min(1) }),
]);

/**
 * `bus`: where events and signals travel between processes (docs/bus.md). in-process (default) keeps
 * everything inside this process; redis (Streams) and nats (JetStream) bridge processes and machines.
 */
export const busSchema = z
  .strictObject({
    kind: z.enum(['in-process', 'redis', 'nats']).default('in-process'),
    /** redis://host:6379 or nats://host:4222 inline when it carries no password; else {env}/{file}. */
    url: z.union([z.string(), ...secretRefSchema.options]).optional(),
    /** Names keys, subjects and streams: `{prefix}:events`, `{prefix}.signals`, TMT_EVENTS... */
    prefix: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,31}$/, 'expected 1-32 of [a-z0-9_] starting with a letter, such as tmt')
      .default('tmt'),
    /** The seed's EVENT_RETENTION_HOURS: MINID trimming on Redis, max_age on JetStream. */
    retentionHours: z.number().int().min(1).max(8760).default(24),
    /** This engine's name on the bus (the `origin` of its events); unique per journal, stable across restarts. */
    engineId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected 1-64 of [A-Za-z0-9._-], such as engine-1')
      .default('engine'),
    /** Quotes, trades and book updates on the bus too (they are many): off by default. */
    publishMarketData: z.boolean().default(false),
    /** Signals, registrations and heartbeats from agents in other processes. */
    signals: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Wait before a message taken by a crashed instance is redelivered. */
        ackWaitMs: z.number().int().min(100).max(3_600_000).default(30_000),
      })
      .prefault({}),
    /** Venue request budgets shared through Redis by every process using the same key (kind redis only). */
    sharedRateLimits: z.boolean().default(false),
  })
  .superRefine((bus, ctx) => {
    if (bus.kind !== 'in-process' && bus.url === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `bus kind ${bus.kind} needs url`,
        input: undefined,
      });
    if (bus.kind === 'in-process' && bus.url !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'url applies to bus kind redis or nats only',
        input: bus.url,
      });
    if (typeof bus.url === 'string') {
      // Checked here rather than in a union member, so that the message says which rule failed.
      if (/^[a-z]+:\/\/[^/@]*:[^/@]*@/.test(bus.url))
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message:
            'the URL carries a password: write it by reference, {env: NAME} or {file: PATH}, never inline',
          input: bus.url,
        });
      else if (
        bus.kind !== 'in-process' &&
        !new RegExp(`^${bus.kind === 'nats' ? 'nats' : 'rediss?'}://\\S+$`).test(bus.url)
      )
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: `bus kind ${bus.kind} needs a ${bus.kind}:// URL`,
          input: bus.url,
        });
    }
    if (bus.sharedRateLimits && bus.kind !== 'redis')
      ctx.addIssue({
        code: 'custom',
        path: ['sharedRateLimits'],
        message: 'shared rate limits need bus kind redis',
        input: true,
      });
  })
  .prefault({});

export type BusConfig = z.output<typeof busSchema>;

/**
 * `cluster`: several engine processes over one PostgreSQL database. With accountLeases enabled, each
 * configured account is traded only by the process holding its fenced lease (docs/deployment.md).
 */
export const clusterSchema = z
  .strictObject({
    accountLeases: z
      .strictObject({
        enabled: z.boolean().default(false),
        /** A lease not renewed for this long may be taken over by another process. */
        ttlMs: z.number().int().min(1000).max(600_000).default(15_000),
        /** The schema shared by every engine (each engine's journal keeps a schema of its own). */
        schema: z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case SQL identifier such as tmt_shared')
          .default('tmt_shared'),
      })
      .prefault({}),
  })
  .prefault({});
