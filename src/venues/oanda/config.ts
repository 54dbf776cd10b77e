import { z } from 'zod';

/**
 * Adapter configuration. Defaults follow OANDA's published limits and best practices: at most 100 requests
 * per second per connection (429 past 120), heartbeats every 5 s on streams.
 */
export const OandaConfigSchema = z
  .object({
    environment: z.enum(['practice', 'live', 'simulator']),
    /** Required for `simulator`: the REST base (`http://127.0.0.1:N`); `/v3` is appended. */
    baseUrl: z.string().url().optional(),
    /** Streams are served on the REST host by the simulator; OANDA has its own stream hosts. */
    streamUrl: z.string().url().optional(),
    accountIds: z.array(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'be an OANDA account id such as 101-004-1435156-001')).min(1),
    requestsPerSecond: z.number().int().positive().max(120).default(100),
    /** Keep-alive connections in the REST pool. */
    connections: z.number().int().positive().max(32).default(4),
    requestTimeoutMs: z.number().int().positive().default(10_000),
    /** Retries of an idempotent read on 429 and 5xx (writes are never resent: a lost answer is settled by lookup). */
    maxRetries: z.number().int().min(0).max(10).default(3),
    /** A stream with no line (heartbeat or data) for this long is treated as dead. */
    streamSilenceMs: z.number().int().positive().default(15_000),
    reconnectInitialDelayMs: z.number().int().positive().default(100),
    reconnectMaxDelayMs: z.number().int().positive().default(5_000),
    /** The instruments the engine trades; empty means every instrument the account offers. */
    instruments: z.array(z.string()).default([]),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.environment === 'simulator' && config.baseUrl === undefined) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'baseUrl is required when environment is simulator' });
    }
  });

export type OandaConfigInput = z.input<typeof OandaConfigSchema>;
export type OandaConfig = z.output<typeof OandaConfigSchema>;

export function parseOandaConfig(input: unknown): OandaConfig {
  return OandaConfigSchema.parse(input);
}
