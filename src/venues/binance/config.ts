import { z } from 'zod';

/** Account configuration for `venue: binance | binanceus` (validated; errors name the field). */
export const binanceAccountSchema = z
  .object({
    accountId: z.string().min(1),
    venue: z.enum(['binance', 'binanceus']),
    environment: z.enum(['spot', 'testnet', 'us', 'custom']).optional(),
    baseUrl: z.string().url().optional(),
    streamUrl: z.string().url().optional(),
    wsApiUrl: z.string().url().optional(),
    apiKey: z.string().min(1),
    apiSecret: z.string().min(1).optional(),
    /** PEM text of an Ed25519 or RSA private key. */
    privateKey: z.string().min(1).optional(),
    keyType: z.enum(['hmac', 'ed25519', 'rsa']).default('hmac'),
    recvWindow: z.number().int().positive().max(60_000).default(5_000),
    timeoutMs: z.number().int().positive().default(10_000),
    /** Orders over REST (default) or the WebSocket API's order.place / order.cancel. */
    orderTransport: z.enum(['rest', 'ws-api']).default('rest'),
    /** Streams are rotated this long after they open, before Binance's 24-hour limit (default 23 h). */
    maxConnectionAgeMs: z.number().int().positive().max(24 * 60 * 60_000).optional(),
    selfTradePreventionMode: z.enum(['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT']).optional(),
  })
  .superRefine((value, context) => {
    if (value.keyType === 'hmac' && value.apiSecret === undefined) {
      context.addIssue({ code: 'custom', path: ['apiSecret'], message: 'apiSecret is required for an HMAC key' });
    }
    if (value.keyType !== 'hmac' && value.privateKey === undefined) {
      context.addIssue({ code: 'custom', path: ['privateKey'], message: `privateKey is required for an ${value.keyType} key` });
    }
    if (value.venue === 'binanceus' && value.keyType !== 'hmac') {
      context.addIssue({ code: 'custom', path: ['keyType'], message: 'Binance.US takes HMAC keys only' });
    }
    if (value.environment === 'custom' && value.baseUrl === undefined) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'baseUrl is required when environment is custom' });
    }
  });

export type BinanceAccountConfig = z.input<typeof binanceAccountSchema>;
export type BinanceAccountSettings = z.output<typeof binanceAccountSchema>;
