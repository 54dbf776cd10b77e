import { z } from 'zod';

const perSecond = z.number().positive();

/**
 * DXtrade adapter configuration. The REST spec's limits are per client and configurable by the broker; the
 * defaults are its documented ones (login 1/s per IP, data 2/s and trading 1/s per session).
 */
export const DxtradeConfigSchema = z
  .object({
    environment: z.enum(['demo', 'live', 'simulator']),
    /** The trading REST base, `https://<host>/dxsca-web`. */
    restUrl: z.string().url(),
    /** The push API base, `wss://<host>/dxsca-web`. */
    pushUrl: z.string().url(),
    /** Account codes as DXtrade writes them: `clearing code:account id`, e.g. `default:1001`. */
    accountIds: z.array(z.string().regex(/^[A-Za-z0-9._-]+:[A-Za-z0-9._-]+$/, 'be a DXtrade account code such as default:1001')).min(1),
    profile: z.enum(['us', 'international']).default('us'),
    /** enforce: an order outside its instrument's tradingHours is refused here, unsent; venue: the venue decides. */
    tradingHours: z.enum(['enforce', 'venue']).default('enforce'),
    rateLimits: z.object({ loginPerSecond: perSecond, dataPerSecond: perSecond, tradingPerSecond: perSecond }).default({ loginPerSecond: 1, dataPerSecond: 2, tradingPerSecond: 1 }),
    /** The session is renewed (POST /ping) when this fraction of its timeout has passed without a request. */
    renewAtFraction: z.number().gt(0).lt(1).default(0.5),
    requestTimeoutMs: z.number().int().positive().default(10_000),
    reconnectInitialDelayMs: z.number().int().positive().default(200),
    reconnectMaxDelayMs: z.number().int().positive().default(10_000),
  })
  .strict();

export type DxtradeConfigInput = z.input<typeof DxtradeConfigSchema>;
export type DxtradeConfig = z.output<typeof DxtradeConfigSchema>;

export function parseDxtradeConfig(input: unknown): DxtradeConfig {
  return DxtradeConfigSchema.parse(input);
}
