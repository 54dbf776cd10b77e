import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { destination } from 'pino';
import { PinoPretty } from 'pino-pretty';

import { createLogger, type Logger } from '../shared/logger';
import type { TmtConfig } from './config/schema';

/**
 * The service logger. JSON lines go to stderr, or to logging.file when set, so that stdout carries only the
 * human banner; in a terminal they are pretty-printed instead. Secrets are redacted by path (shared/logger).
 */
export function createAppLogger(logging: TmtConfig['logging'], baseDir: string): Logger {
  if (logging.file !== undefined) {
    const path = resolve(baseDir, logging.file);
    mkdirSync(dirname(path), { recursive: true });
    return createLogger({ level: logging.level, destination: createWriteStream(path, { flags: 'a' }) });
  }
  if (process.stderr.isTTY === true)
    return createLogger({ level: logging.level, destination: PinoPretty({ destination: 2, colorize: true, sync: true }) });
  return createLogger({ level: logging.level, destination: destination({ fd: 2 }) });
}
