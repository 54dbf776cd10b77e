import { z } from 'zod';

/**
 * FXCM FIX adapter configuration. FXCM hands each client a QuickFIX-style session file (host, port,
 * SenderCompID, TargetSubID); the defaults follow its FIX guide: TargetCompID FXCM, HeartBtInt 30, and
 * a sequence reset on every Logon (its servers are load balanced).
 */
export const FxcmConfigSchema = z
  .object({
    environment: z.enum(['demo', 'live', 'simulator']),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** SenderCompID(49), e.g. "d101970033_client1". */
    senderCompId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'be FXCM\'s SenderCompID such as d101970033_client1'),
    targetCompId: z.string().min(1).default('FXCM'),
    /** TargetSubID(57): FXCM's trading server name (U100D1 in its guide); required on every message. */
    targetSubId: z.string().min(1).default('U100D1'),
    accountIds: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'be an FXCM Account(1) such as 01960313')).min(1),
    heartbeatSeconds: z.number().int().min(1).max(300).default(30),
    /** FXCM asks for 141=Y on every Logon; false keeps numbers across restarts (for FIX venues that resend). */
    resetOnLogon: z.boolean().default(true),
    /** Where the session's sequence numbers and sent messages are kept (SQLite); in memory when absent. */
    sessionStorePath: z.string().min(1).optional(),
    /** Where received fills are kept for fillsSince across sessions (SQLite); `<sessionStorePath>.fills` by default, in memory without either. */
    fillStorePath: z.string().min(1).optional(),
    requestTimeoutMs: z.number().int().positive().default(10_000),
    logonTimeoutMs: z.number().int().positive().default(10_000),
    reconnectInitialDelayMs: z.number().int().positive().default(200),
    reconnectMaxDelayMs: z.number().int().positive().default(10_000),
    /** The account profile: 'us' is FIFO without hedging at 50:1 (NFA rules), 'international' allows hedging. */
    profile: z.enum(['us', 'international']).default('us'),
    /** MDUpdateType(265): FXCM sends full refreshes (W) by default; 'incremental' asks for X messages. */
    marketDataUpdates: z.enum(['full', 'incremental']).default('full'),
  })
  .strict();

export type FxcmConfigInput = z.input<typeof FxcmConfigSchema>;
export type FxcmConfig = z.output<typeof FxcmConfigSchema>;

export function parseFxcmConfig(input: unknown): FxcmConfig {
  return FxcmConfigSchema.parse(input);
}
