/** The simulator's logins and accounts (FXCM: one login, one or more trading accounts, each with its CollateralReport). */
export interface FxcmSimAccount {
  /** Account(1) as FXCM writes it (zero-padded digits). */
  readonly id: string;
  readonly balance: string;
  /** PartySubIDType 4000: Y hedging, N no hedging (FIFO, US), 0 netting. */
  readonly positionMaintenance: 'Y' | 'N' | '0';
}

export interface FxcmSimLogin {
  readonly username: string;
  readonly password: string;
  readonly accounts: readonly FxcmSimAccount[];
}

export const DEFAULT_FXCM_LOGIN: FxcmSimLogin = {
  username: 'd101970033',
  password: 'sim-fxcm-password',
  accounts: [
    { id: '01960313', balance: '100000', positionMaintenance: 'N' },
    { id: '01960314', balance: '100000', positionMaintenance: 'Y' },
  ],
};

/** FXCM's TargetSubID for its trading servers (the "U100D1" of its guide) and its CompID. */
export const FXCM_SUB_ID = 'U100D1';
export const FXCM_COMP_ID = 'FXCM';
