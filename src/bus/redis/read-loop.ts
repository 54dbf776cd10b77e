import type { Redis } from 'ioredis';

import type { Consumption } from '../../core';
import type { Logger } from '../../shared/logger';

/**
 * Runs one reader's step until stopped. A failed step (the broker went away, a blocked read was cut) waits a
 * little and tries again: ioredis reconnects underneath, and the stream position lives in the caller's step.
 */
export function readLoop(
  reader: Redis,
  logger: Logger,
  key: string,
  step: () => Promise<void>,
  onError: (error: unknown) => Promise<void> = async () => undefined,
): Consumption {
  let running = true;
  let failures = 0;
  const done = (async () => {
    while (running) {
      try {
        await step();
        failures = 0;
      } catch (error) {
        if (!running) break;
        failures++;
        if (failures === 1) logger.warn({ err: error, key }, 'bus reader failed; retrying');
        await onError(error).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** Math.min(failures, 6))));
      }
    }
  })();
  return {
    async stop() {
      running = false;
      // Cuts a blocked read at once; the loop sees `running` false and ends.
      reader.disconnect();
      await done;
    },
  };
}
