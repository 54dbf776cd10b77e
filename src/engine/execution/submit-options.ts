import type { CompanionWrite } from '../../core';

/** How the caller's own record of an intent travels with it (TradingEngine.submit's third argument). */
export interface SubmitOptions {
  /**
   * The caller's record of this intent (the API's audit entry), built for the outcome the engine reached. It
   * is committed in the intent's first journal commit: with its OrderSubmitted before the order leaves, with
   * its OrderDenied, or with the OrderInitialized of a held order. Not called for an idempotent repeat
   * (nothing is journaled then): the caller records that itself.
   */
  readonly companion?: (outcome: 'ok' | 'denied') => CompanionWrite;
}
