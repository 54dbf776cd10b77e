import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Paths whose values never reach a log line. Venue adapters and the API add their own header names here
 * rather than scrubbing strings after the fact.
 */
export const REDACTED_PATHS = [
  'token',
  'apiKey',
  'apiSecret',
  'secret',
  'password',
  'privateKey',
  'authorization',
  '*.token',
  '*.apiKey',
  '*.apiSecret',
  '*.secret',
  '*.password',
  '*.privateKey',
  '*.authorization',
  'headers.authorization',
  'headers["x-mbx-apikey"]',
  'req.headers.authorization',
  'credentials',
  '*.credentials',
];

export interface LoggerOptions {
  readonly level?: string;
  readonly name?: string;
  /** A destination stream (tests capture logs to check nothing secret is written). */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const config = {
    level: options.level ?? 'info',
    name: options.name ?? 'tmt',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
