import { z } from 'zod/v4';

// The same shape as schema.ts's secretRefSchema, restated so that schema.ts can import this file without a cycle.
const secretRefSchema = z.union([
  z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name') }),
  z.strictObject({ file: z.string().min(1) }),
]);

// Decimals are strings in YAML (0.02 would be read as a binary float); counts and milliseconds are integers.
const decimalText = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,12})?$/, 'expected a decimal written as a string, e.g. "0.02"');
const fraction = decimalText.refine((text) => Number(text) <= 1, {
  message: 'expected a share between 0 and 1',
});
const milliseconds = z
  .number()
  .int()
  .min(0)
  .max(31 * 86_400_000);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM in UTC, e.g. "08:00"');
const sessionSchema = z.strictObject({
  start: hhmm,
  end: hhmm,
  days: z.array(z.number().int().min(1).max(7)).optional(),
});
const agentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'expected 1-64 of [A-Za-z0-9._:-]');

const managedAgentSchema = z.strictObject({
  id: agentId,
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  /** Extra environment for the child; TMT adds TMT_AGENT_ID and TMT_API_URL. */
  env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string()).default({}),
  /** A token for the agent to call the API with, by reference. */
  token: secretRefSchema.optional(),
  restart: z
    .strictObject({
      initialDelayMs: milliseconds.default(1_000),
      maxDelayMs: milliseconds.default(60_000),
      /** Restarts allowed within `windowMs` before TMT gives up on the agent. */
      maxRestarts: z.number().int().min(0).default(10),
      windowMs: milliseconds.default(600_000),
    })
    .prefault({}),
  stopTimeoutMs: milliseconds.default(5_000),
});

const strategySchema = z.strictObject({
  id: agentId,
  kind: z.enum(['ma-crossover', 'breakout']),
  instrument: z.string().min(3),
  timeframeMs: z.number().int().min(1_000).max(86_400_000).default(60_000),
  /** Strategy parameters (periods as integers, multiples as decimal strings). */
  params: z.record(z.string(), z.union([z.string(), z.number().int()])).default({}),
});

const webhookSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected lower-case letters, digits and dashes'),
  /** Compared in constant time with the secret in the path or the body's `secret` field. */
  secret: secretRefSchema,
  /** The agent id the alert's signals carry. */
  agentId,
  /** Fields of the signal taken from the alert: literal values, or `{{path}}` into the JSON, or `{{text}}`. */
  template: z.record(z.string(), z.unknown()),
  /** The alert's id or time field (dotted path): the replay key. */
  idField: z.string().min(1).default('id'),
  allowlist: z.array(z.string().min(1)).optional(),
});

export const orchestratorSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    pipeline: z.array(z.string().min(1)).optional(),
    quality: z
      .strictObject({
        minConfidence: fraction.optional(),
        cooldownMs: milliseconds.optional(),
        maxSignals: z.strictObject({ count: z.number().int().min(1), periodMs: milliseconds }).optional(),
        sessions: z.array(sessionSchema).optional(),
        conflicts: z
          .strictObject({ windowMs: milliseconds, policy: z.enum(['keep-first', 'higher-confidence']) })
          .optional(),
      })
      .prefault({}),
    correlation: z
      .strictObject({
        accounts: z
          .record(
            z.string(),
            z.strictObject({
              participate: z.boolean().optional(),
              scale: decimalText.optional(),
              instruments: z.array(z.string()).optional(),
            }),
          )
          .optional(),
        maxAccountsSameSide: z.number().int().min(1).optional(),
        maxExposure: z.record(z.string().regex(/^[A-Z0-9]{2,12}$/), decimalText).optional(),
      })
      .prefault({}),
    sizing: z
      .strictObject({
        riskPerTrade: fraction.default('0.02'),
        maxConcurrentTrades: z.number().int().min(1).default(3),
        fixedQuantity: z.record(z.string(), decimalText).optional(),
      })
      .prefault({}),
    breakers: z
      .strictObject({
        agent: z
          .strictObject({
            maxConsecutiveLosses: z.number().int().min(1).optional(),
            maxErrorRate: fraction.optional(),
            window: z.number().int().min(1).optional(),
            coolOffMs: milliseconds.optional(),
          })
          .optional(),
        account: z
          .strictObject({ maxDailyLoss: fraction.default('0.06'), maxDrawdown: fraction.optional() })
          .prefault({}),
        systemThreshold: fraction.default('0.10'),
        tradingHours: z.array(sessionSchema).optional(),
        market: z
          .strictObject({
            spreadMultiple: z.number().min(1).optional(),
            volatilityMultiple: z.number().min(1).optional(),
            coolOffMs: milliseconds.optional(),
            warmupQuotes: z.number().int().min(1).optional(),
          })
          .optional(),
      })
      .prefault({}),
    agents: z
      .strictObject({
        heartbeatIntervalMs: milliseconds.default(30_000),
        missedHeartbeats: z.number().int().min(1).default(2),
        startupTimeoutMs: milliseconds.default(60_000),
      })
      .prefault({}),
    managed: z.array(managedAgentSchema).default([]),
    strategies: z.array(strategySchema).default([]),
    webhooks: z.array(webhookSchema).default([]),
  })
  .prefault({});

export type OrchestratorConfig = z.output<typeof orchestratorSchema>;
