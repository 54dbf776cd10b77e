/**
 * The simulator's user and accounts. DXtrade identifies a user by username and domain (POST /login) and an
 * account by its account code, written `clearing code:account id` ("default:1001" in the REST spec's examples).
 */
export interface DxtradeSimAccount {
  /** The account code as on the wire: `default:1001`. */
  readonly code: string;
  readonly currency: string;
  readonly balance: string;
  /**
   * US (NFA) accounts: one net position per instrument, closed first in first out, no hedging, 50:1 on majors.
   * Otherwise hedging: every opening order opens its own position (DXtrade's `positionCode`).
   */
  readonly us: boolean;
}

export interface DxtradeSimUser {
  readonly username: string;
  readonly domain: string;
  readonly password: string;
  readonly accounts: readonly DxtradeSimAccount[];
}

export const DEFAULT_DXTRADE_USER: DxtradeSimUser = {
  username: 'sim-trader',
  domain: 'default',
  password: 'sim-dxtrade-password',
  accounts: [
    { code: 'default:1001', currency: 'USD', balance: '100000', us: true },
    { code: 'default:1002', currency: 'USD', balance: '100000', us: false },
  ],
};
