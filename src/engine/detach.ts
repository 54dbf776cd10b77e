import type { Logger } from '../shared/logger';

/**
 * Runs work nobody awaits (a trigger's release, a reconciliation after a gap) so that its failure is logged
 * rather than left as an unhandled rejection, which would end the process.
 */
export function detach(work: Promise<unknown>, logger: Logger, what: string): void {
  work.catch((error: unknown) => logger.error({ err: error }, `${what} failed`));
}
