import { z } from 'zod/v4';

import { busSchema, clusterSchema } from './bus-schema';
import { orchestratorSchema } from './orchestrator-schema';
import { isSecretPath } from './problems';

/**
 * The tmt.yaml schema. Secrets are never written inline: a credential is a reference to an environment
 * variable or a file, resolved at start-up (see secrets.ts). Every object is strict, so a misspelt key is an
 * error that names it rather than a setting silently ignored.
 */

export const secretRefSchema = z.union([
  z.strictObject({
    env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as OANDA_TOKEN'),
  }),
  z.strictObject({ file: z.string().min(1) }),
]);
export type SecretRef = z.output<typeof secretRefSchema>;

// YAML reads 0.1 as a binary float: decimal limits are written as strings; numbers only as whole counts.
const limitValue = z
  .union([z.string(), z.number(), z.null()])
  .refine((value) => typeof value !== 'number' || Number.isSafeInteger(value), {
    message: 'decimals are written as strings, e.g. "0.02"; numbers only as whole counts',
  });
/** Limit names and values are checked with the risk engine's own parser (load.ts), so the two never disagree. */
export const riskLimitsSchema = z.record(
  z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'expected a camelCase limit name'),
  limitValue,
);

/** The risk engine's trading-hours text, e.g. "America/New_York;Sun 17:00-Fri 17:00". */
export const tradingHoursSchema = z.string().min(3);

const VENUES = [
  'paper',
  'oanda',
  'binance',
  'coinbase',
  'okx',
  'ibkr',
  'fxcm',
  'tradelocker',
  'dxtrade',
] as const;
const accountSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'expected 1-64 of [A-Za-z0-9._:-]'),
    venue: z.enum(VENUES),
    /**
     * paper: in-process; simulator: the venue's wire-exact simulator, through the real adapter (started by
     * `tmt start` unless restUrl points at one started with `tmt sim`); practice/testnet: the venue's test
     * environment; live: real money.
     */
    environment: z.enum(['paper', 'simulator', 'practice', 'testnet', 'live']),
    enabled: z.boolean().default(true),
    baseCurrency: z
      .string()
      .regex(/^[A-Z]{3,5}$/, 'expected a currency code such as USD')
      .default('USD'),
    /** Paper accounts only: the starting cash, as an exact decimal string. */
    startingBalance: z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'expected a decimal number as a string')
      .optional(),
    credentials: z.record(z.string(), secretRefSchema).default({}),
    /** Instrument symbols to trade and stream (venue symbols, e.g. EUR_USD, BTCUSDT). */
    instruments: z.array(z.string().min(1)).min(1).optional(),
    riskLimits: riskLimitsSchema.default({}),
    compliance: z.enum(['none', 'us-fx']).optional(),
    tradingHours: tradingHoursSchema.optional(),
    /** Venue base URLs (simulators, proxies); defaults to the venue's public URLs for the environment. */
    restUrl: z.url().optional(),
    streamUrl: z.url().optional(),
    wsApiUrl: z.url().optional(),
    /** Adapter settings passed through as they are and validated by the adapter (requestsPerSecond, keyType, orderTransport...). */
    venueOptions: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((account, ctx) => {
    if ((account.venue === 'paper') !== (account.environment === 'paper')) {
      ctx.addIssue({
        code: 'custom',
        path: ['environment'],
        message: `venue ${account.venue} cannot use environment ${account.environment}`,
        input: account.environment,
      });
    }
    // venueOptions reach the adapter as they are: a secret there would be inline, and would override the
    // reference in credentials.
    for (const key of Object.keys(account.venueOptions)) {
      if (isSecretPath([key])) {
        ctx.addIssue({
          code: 'custom',
          path: ['venueOptions', key],
          message: `secrets are never inline: move ${key} to credentials as {env: NAME} or {file: PATH}`,
          input: account.venueOptions[key],
        });
      }
    }
    // An embedded simulator (environment simulator, no restUrl) makes its own credentials.
    const embeddedSimulator = account.environment === 'simulator' && account.restUrl === undefined;
    // TWS and IB Gateway authenticate their own user: the API socket takes no credentials.
    const needsCredentials = account.venue !== 'paper' && account.venue !== 'ibkr';
    if (needsCredentials && !embeddedSimulator && Object.keys(account.credentials).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['credentials'],
        message: `venue ${account.venue} needs credentials (references to env vars or files)`,
        input: {},
      });
    }
  });
export type AccountConfig = z.output<typeof accountSchema>;

/** Webhook URLs are checked the same way inline and once a reference is resolved (load.ts). */
export const webhookUrlSchema = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' });

const webhookSchema = z
  .strictObject({
    name: z.string().min(1).max(64),
    /**
     * Inline for a URL that grants nothing by itself (an internal receiver); by reference ({env} or {file}) for
     * one that is its own credential, such as a Slack incoming-webhook URL. Never echoed in errors either way.
     */
    url: z.union([webhookUrlSchema, secretRefSchema], {
      error: 'expected an http(s) URL, or a reference {env: NAME} or {file: PATH} to one',
    }),
    minSeverity: z.enum(['info', 'warning', 'critical']).default('warning'),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9-]+$/, 'expected a header name'), secretRefSchema)
      .default({}),
    maxAttempts: z.number().int().min(1).max(20).default(5),
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    /** The receiver's built-in body format: generic (TMT's JSON), slack, discord or telegram (Bot API sendMessage). */
    format: z.enum(['generic', 'slack', 'discord', 'telegram']).default('generic'),
    /** telegram only: the chat id to post to (the bot token is in the URL, by reference). */
    chatId: z
      .string()
      .regex(/^-?\d{1,20}$|^@[A-Za-z0-9_]{5,32}$/, 'expected a numeric chat id or @channelname')
      .optional(),
  })
  .superRefine((hook, ctx) => {
    if ((hook.format === 'telegram') !== (hook.chatId !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['chatId'],
        message:
          hook.format === 'telegram'
            ? 'format telegram needs chatId'
            : 'chatId applies to format telegram only',
        input: hook.chatId,
      });
  });

const apiSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8004),
    tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
    /** Binding beyond loopback without TLS must be asked for by name. */
    insecure: z.boolean().default(false),
    rateLimitPerSecond: z.number().int().min(1).max(1_000_000).default(200),
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(64 * 1024),
    eventRetention: z.number().int().min(100).max(1_000_000).default(50_000),
    /** How long order, portfolio, risk and system events stay resumable by cursor (market data: eventRetention). */
    eventHistoryDays: z.number().int().min(1).max(365).default(7),
    /** Slow-client limits: the headers, and the whole request, must arrive within these. */
    headersTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** Serve the dashboard at /. */
    dashboard: z.boolean().default(true),
  })
  .prefault({});

// Exact decimals are strings (YAML reads 0.001 as a binary float), bounded by their pattern alone.
const feeFraction = z
  .string()
  .regex(
    /^-?0(\.0\d{0,11})?$/,
    'expected a fee fraction below 0.1 written as a string, such as "0.001" (0.1%)',
  );
const positiveDecimal = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,12})?$/, 'expected a positive decimal written as a string, such as "0.5"')
  .refine((value) => /[1-9]/.test(value), 'must be above zero');
const feeSchema = z.strictObject({ maker: feeFraction, taker: feeFraction });
const positiveMs = z.number().int().min(0).max(60_000);
const paperLatencySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), ms: positiveMs }),
  z.strictObject({ kind: z.literal('uniform'), minMs: positiveMs, maxMs: positiveMs }),
  z.strictObject({ kind: z.literal('log-normal'), medianMs: positiveMs, p99Ms: positiveMs }),
]);

export const configSchema = z.strictObject({
  accounts: z.array(accountSchema).min(1, 'expected at least one account'),
  risk: z.strictObject({ global: riskLimitsSchema.default({}) }).prefault({}),
  compliance: z.strictObject({ profile: z.enum(['none', 'us-fx']).default('none') }).prefault({}),
  /** Global trading hours; absent means always open. */
  tradingHours: tradingHoursSchema.optional(),
  paper: z
    .strictObject({
      seed: z.number().int().default(42),
      tickIntervalMs: z.number().int().min(10).max(60_000).default(250),
      /** Delay before an order reaches the paper book, drawn per command (seeded). Default: none. */
      latency: paperLatencySchema.optional(),
      /** Commission as a fraction of notional, per instrument class; a negative maker fee is a rebate. */
      fees: z
        .strictObject({
          fx: feeSchema.default({ maker: '0', taker: '0' }),
          crypto: feeSchema.default({ maker: '0.001', taker: '0.001' }),
        })
        .prefault({}),
      /**
       * Slippage comes from the book: a market order walks the synthetic levels. levelSizeFactor scales every
       * level's size ("0.1": a tenth of the depth, so large orders walk ten times further).
       */
      slippage: z.strictObject({ levelSizeFactor: positiveDecimal.default('1') }).prefault({}),
      /**
       * Recorded market data in place of the synthetic walk (paper trading over a recorded session, and the
       * backtest): a JSON-lines or CSV file of the replay source's format, at `speed` times its recorded pace.
       */
      replay: z
        .strictObject({
          path: z.string().min(1),
          format: z.enum(['jsonl', 'csv']).default('jsonl'),
          speed: z.number().positive().default(1),
        })
        .optional(),
    })
    .prefault({}),
  api: apiSchema,
  alerts: z.strictObject({ webhooks: z.array(webhookSchema).default([]) }).prefault({}),
  /** Signals, the pipeline, agents and alert webhooks (see orchestrator-schema.ts). */
  orchestrator: orchestratorSchema,
  /** Events and signals between processes: in-process, Redis Streams or NATS JetStream (bus-schema.ts). */
  bus: busSchema,
  /** Several engine processes over one database: account leases (bus-schema.ts). */
  cluster: clusterSchema,
  store: z
    .strictObject({
      /** sqlite: the journal in dataDir/journal.db. postgres: the journal in a PostgreSQL schema. */
      kind: z.enum(['sqlite', 'postgres']).default('sqlite'),
      /** postgres only: the connection URL, which carries the password: by reference, never inline. */
      url: z
        .union(secretRefSchema.options, {
          error:
            'the URL carries a password: write it by reference, {env: NAME} or {file: PATH}, never inline',
        })
        .optional(),
      /** postgres only: the schema holding the journal's tables (one per engine). */
      schema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case SQL identifier such as tmt')
        .optional(),
      /** Always used: tokens, the audit log and the paper venue keep their files here. */
      dataDir: z.string().min(1).default('./data'),
      durability: z.enum(['process', 'power']).default('process'),
    })
    .superRefine((store, ctx) => {
      if (store.kind === 'postgres' && store.url === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: 'store kind postgres needs url: {env: NAME} or {file: PATH} (a connection URL)',
          input: undefined,
        });
      if (store.kind === 'sqlite') {
        for (const key of ['url', 'schema'] as const) {
          if (store[key] !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: `${key} applies to store kind postgres only`,
              input: store[key],
            });
        }
      }
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      file: z.string().min(1).optional(),
    })
    .prefault({}),
});

export type TmtConfig = z.output<typeof configSchema>;
export type TmtConfigInput = z.input<typeof configSchema>;
