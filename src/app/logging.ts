import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { createLogger, type Logger } from '../shared/logger';
import type { TmtConfig } from './config/schema';

/** The service logger: stdout, or a file when logging.file is set. Secrets are redacted by path (shared/logger). */
export function createAppLogger(logging: TmtConfig['logging'], baseDir: string): Logger {
  if (logging.file === undefined) return createLogger({ level: logging.level });
  const path = resolve(baseDir, logging.file);
  mkdirSync(dirname(path), { recursive: true });
  return createLogger({ level: logging.level, destination: createWriteStream(path, { flags: 'a' }) });
}
