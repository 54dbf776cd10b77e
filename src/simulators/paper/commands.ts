import type { AccountId, Decimal, InstrumentId, Timestamp } from '../../core';
import type { SimAmendment, SimOrderRef, SimOrderRequest } from '../matching';

/** An input the paper venue logs before acting on it; replaying them in order rebuilds the venue. */
export type PaperCommand =
  | { readonly kind: 'submit'; readonly request: SimOrderRequest }
  | { readonly kind: 'cancel'; readonly ref: SimOrderRef }
  | { readonly kind: 'modify'; readonly ref: SimOrderRef; readonly amendment: SimAmendment }
  | { readonly kind: 'cancel-all'; readonly accountId: AccountId; readonly instrumentId?: InstrumentId }
  /** A scripted market move (tests, demos): the synthetic walk re-centres on `mid`. */
  | { readonly kind: 'move'; readonly instrumentId: InstrumentId; readonly mid: Decimal }
  /**
   * The venue was down longer than it replays: the synthetic market resumes at this command's time. `from` is
   * how far the market had run before the venue stopped (it may have ticked past the last command): that
   * stretch is replayed first, so fills the market made while the venue was up are rebuilt, not lost.
   */
  | { readonly kind: 'skip'; readonly from?: Timestamp };
