import { z } from 'zod';

/**
 * Adapter configuration. TradeLocker has no push API in its public REST v1.4, so order changes, fills and
 * quotes are polled; the rate limits come from GET /trade/config, never from here.
 */
export const TradeLockerConfigSchema = z
  .object({
    environment: z.enum(['demo', 'live', 'simulator']),
    /** Required for `simulator`: the origin (`http://127.0.0.1:N`); `/backend-api` is appended. */
    baseUrl: z.string().url().optional(),
    /** The TradeLocker account ids (`/trade/accounts/{accountId}`); each one's accNum comes from all-accounts. */
    accountIds: z.array(z.string().regex(/^\d{1,20}$/, 'be a TradeLocker account id (digits)')).min(1),
    /** us: FIFO, no hedging, 50:1 (US FX compliance); international: hedging allowed. */
    profile: z.enum(['international', 'us']).default('international'),
    /** How often open orders and executions are read for changes (the report stream). */
    pollIntervalMs: z.number().int().min(20).max(60_000).default(1_000),
    /** How often quotes are read for a market data subscription. */
    quotePollIntervalMs: z.number().int().min(20).max(60_000).default(1_000),
    requestTimeoutMs: z.number().int().positive().default(10_000),
    /** The access token is renewed this long before its `exp` (the official client: 30 minutes). */
    refreshBeforeExpiryMs: z.number().int().min(0).default(30 * 60_000),
    /** Retries of a read on 429 and 5xx (writes are never resent: a lost answer is settled by lookup). */
    maxRetries: z.number().int().min(0).max(10).default(3),
    connections: z.number().int().positive().max(32).default(4),
    /** Instrument names the engine trades (EURUSD...); empty means every instrument the account offers. */
    instruments: z.array(z.string().regex(/^[A-Za-z0-9._/-]{1,32}$/, 'be a TradeLocker instrument name such as EURUSD')).default([]),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.environment === 'simulator' && config.baseUrl === undefined) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'baseUrl is required when environment is simulator' });
    }
  });

export type TradeLockerConfigInput = z.input<typeof TradeLockerConfigSchema>;
export type TradeLockerConfig = z.output<typeof TradeLockerConfigSchema>;

export function parseTradeLockerConfig(input: unknown): TradeLockerConfig {
  return TradeLockerConfigSchema.parse(input);
}
