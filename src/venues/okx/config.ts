import { z } from 'zod';

/** Account configuration for `venue: okx` (validated; errors name the field). */
export const okxAccountSchema = z
  .object({
    accountId: z.string().min(1),
    venue: z.literal('okx'),
    /** live: www.okx.com; demo: the same hosts with `x-simulated-trading: 1`; custom: the URLs below (the simulator). */
    environment: z.enum(['live', 'demo', 'custom']).default('demo'),
    baseUrl: z.string().url().optional(),
    wsPublicUrl: z.string().url().optional(),
    wsPrivateUrl: z.string().url().optional(),
    wsBusinessUrl: z.string().url().optional(),
    apiKey: z.string().min(1),
    secretKey: z.string().min(1),
    passphrase: z.string().min(1),
    timeoutMs: z.number().int().positive().default(10_000),
    /** Orders over REST (default) or the private WebSocket's `op: order` (the low-latency path). */
    orderTransport: z.enum(['rest', 'ws']).default('rest'),
  })
  .superRefine((value, context) => {
    if (value.environment === 'custom' && value.baseUrl === undefined) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'baseUrl is required when environment is custom' });
    }
  });

export type OkxAccountConfig = z.input<typeof okxAccountSchema>;
export type OkxAccountSettings = z.output<typeof okxAccountSchema>;
