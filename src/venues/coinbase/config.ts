import { z } from 'zod';

/** Account configuration for `venue: coinbase` (validated; errors name the field). */
export const coinbaseAccountSchema = z
  .object({
    accountId: z.string().min(1),
    environment: z.enum(['production', 'sandbox', 'custom']).optional(),
    baseUrl: z.string().url().optional(),
    wsUrl: z.string().url().optional(),
    wsUserUrl: z.string().url().optional(),
    /** The CDP key name, `organizations/{org_id}/apiKeys/{key_id}`. */
    apiKeyName: z.string().min(1),
    /** The CDP secret: EC P-256 PEM (ES256) or Ed25519 (PEM or base64, EdDSA). */
    apiPrivateKey: z.string().min(1),
    timeoutMs: z.number().int().positive().default(10_000),
    /** Private REST requests per second (Advanced Trade: 30 per key). */
    privateRequestsPerSecond: z.number().int().positive().max(30).default(30),
    /** A market data connection with no message (heartbeats included) for this long is treated as dead. */
    silenceTimeoutMs: z.number().int().positive().default(10_000),
    /** Quote currency the account's equity is read in. */
    baseCurrency: z.string().min(2).default('USD'),
  })
  .superRefine((value, context) => {
    if (value.environment === 'custom' && value.baseUrl === undefined) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'baseUrl is required when environment is custom' });
    }
  });

export type CoinbaseAccountConfig = z.input<typeof coinbaseAccountSchema>;
export type CoinbaseAccountSettings = z.output<typeof coinbaseAccountSchema>;
