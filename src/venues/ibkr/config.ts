import { z } from 'zod';
import { DEFAULT_HOST, PAPER_TWS_PORT } from './urls';

/**
 * Adapter configuration. TWS / IB Gateway runs beside the engine (loopback); the client id must be unique
 * per TWS session; pacing defaults to IB's published 50 messages per second.
 */
export const IbkrConfigSchema = z
  .object({
    environment: z.enum(['paper', 'live', 'simulator']),
    host: z.string().min(1).default(DEFAULT_HOST),
    port: z.number().int().min(1).max(65535).default(PAPER_TWS_PORT),
    clientId: z.number().int().min(0).max(2_147_483_647).default(1),
    /** Accounts to trade (DU… paper, U… live); empty means every managed account TWS reports. */
    accountIds: z.array(z.string().regex(/^[A-Z]{1,3}\d{3,12}$/, 'be an IB account id such as DU1234567')).default([]),
    /** Where the order-id high-water mark is kept, so that ids increase across restarts even after a crash. */
    stateFile: z.string().min(1).optional(),
    messagesPerSecond: z.number().int().positive().max(50).default(50),
    requestTimeoutMs: z.number().int().positive().default(10_000),
    reconnectInitialDelayMs: z.number().int().positive().default(100),
    reconnectMaxDelayMs: z.number().int().positive().default(5_000),
    /** The instruments the engine trades (AAPL.IBKR, EUR/USD.IBKR); empty means the adapter's default list. */
    instruments: z.array(z.string()).default([]),
  })
  .strict();

export type IbkrConfigInput = z.input<typeof IbkrConfigSchema>;
export type IbkrConfig = z.output<typeof IbkrConfigSchema>;

export function parseIbkrConfig(input: unknown): IbkrConfig {
  return IbkrConfigSchema.parse(input);
}
